import { ExtensionNotFound } from '@tp/identity-domain';
import { userAdminFixture } from '../../testing/identity-handlers.fixture';
import { RemoveExtensionCommand } from './remove-extension.command';
import { RemoveExtensionHandler } from './remove-extension.handler';

describe(RemoveExtensionHandler.name, () => {
  let { clock, users } = userAdminFixture();

  beforeEach(() => {
    ({ clock, users } = userAdminFixture());
  });

  it('says which extension it cannot find', async () => {
    await expect(
      new RemoveExtensionHandler(users, clock).execute(new RemoveExtensionCommand('acme', 'user-1', 'x-9')),
    ).rejects.toBeInstanceOf(ExtensionNotFound);
  });
});
