import { NumberTaken } from '@tp/identity-domain';
import { userAdminFixture } from '../../testing/identity-handlers.fixture';
import { RemoveExtensionCommand } from '../remove-extension/remove-extension.command';
import { RemoveExtensionHandler } from '../remove-extension/remove-extension.handler';
import { AddExtensionCommand } from './add-extension.command';
import { AddExtensionHandler } from './add-extension.handler';

describe(AddExtensionHandler.name, () => {
  let { settings, clock, users } = userAdminFixture();

  beforeEach(() => {
    ({ settings, clock, users } = userAdminFixture());
  });

  const types = () => users.outbox.map((e) => e.type);

  it('adds several extensions and removes one', async () => {
    const add = new AddExtensionHandler(users, clock, settings);

    await add.execute(
      new AddExtensionCommand('acme', 'user-1', { type: 'pstn', number: '+44 20 7946 0958', ext: '7' }),
    );
    const view = await add.execute(
      new AddExtensionCommand('acme', 'user-1', {
        type: 'sip',
        number: 'sip:ann@pbx.example.com',
        description: 'desk',
      }),
    );
    await new RemoveExtensionHandler(users, clock).execute(
      new RemoveExtensionCommand('acme', 'user-1', 'x-1'),
    );

    expect(view.extensions.map((e) => e.number)).toEqual([
      '+12345678910',
      '+442079460958',
      'sip:ann@pbx.example.com',
    ]);
    expect((await users.find('acme', 'user-1'))?.extensions.map((e) => e.number)).toEqual([
      '+442079460958',
      'sip:ann@pbx.example.com',
    ]);
    expect(types()).toEqual([
      'user-extensions-changed',
      'user-extensions-changed',
      'user-extensions-changed',
    ]);
  });

  it("refuses another user's number, naming the owner", async () => {
    await expect(
      new AddExtensionHandler(users, clock, settings).execute(
        new AddExtensionCommand('acme', 'user-1', { type: 'pstn', number: '+1 415 867 5309' }),
      ),
    ).rejects.toMatchObject({
      constructor: NumberTaken,
      details: { ownerUserId: 'user-2', ownerName: 'Bob Other' },
    });
  });
});
