import { UserNotFound } from '@tp/identity-domain';
import { userAdminFixture } from '../../testing/identity-handlers.fixture';
import { GetUserHandler } from './get-user.handler';
import { GetUserQuery } from './get-user.query';

describe(GetUserHandler.name, () => {
  let { settings, users } = userAdminFixture();

  beforeEach(() => {
    ({ settings, users } = userAdminFixture());
  });

  it('reads a user of the tenant, and nobody of another tenant', async () => {
    const get = new GetUserHandler(users, settings);

    await expect(get.execute(new GetUserQuery('acme', 'user-1'))).resolves.toMatchObject({
      id: 'user-1',
      timeZone: 'UTC',
    });
    await expect(get.execute(new GetUserQuery('globex', 'user-1'))).rejects.toBeInstanceOf(UserNotFound);
  });
});
