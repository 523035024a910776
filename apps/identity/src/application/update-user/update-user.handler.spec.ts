import { IdentityFieldInvalid } from '@tp/identity-domain';
import { userAdminFixture } from '../../testing/identity-handlers.fixture';
import { UpdateUserCommand } from './update-user.command';
import { UpdateUserHandler } from './update-user.handler';

describe(UpdateUserHandler.name, () => {
  let { settings, clock, users } = userAdminFixture();

  beforeEach(() => {
    ({ settings, clock, users } = userAdminFixture());
  });

  it('updates the profile and records user-updated', async () => {
    const view = await new UpdateUserHandler(users, clock, settings).execute(
      new UpdateUserCommand('acme', 'user-1', { name: 'Ann Smith', timeZone: 'Europe/Rome' }),
    );

    expect(view).toMatchObject({
      name: 'Ann Smith',
      timeZone: 'Europe/Rome',
      timeZoneSource: 'user',
      version: 2,
    });
    expect(users.outbox).toMatchObject([{ type: 'user-updated', changed: ['name', 'time-zone'] }]);
  });

  it('refuses an unknown time zone, naming the field', async () => {
    await expect(
      new UpdateUserHandler(users, clock, settings).execute(
        new UpdateUserCommand('acme', 'user-1', { timeZone: 'Nowhere/Town' }),
      ),
    ).rejects.toMatchObject({ constructor: IdentityFieldInvalid, field: 'timeZone' });
  });
});
