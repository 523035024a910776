import { userAdminFixture } from '../../testing/identity-handlers.fixture';
import { SetUserStatusCommand } from './set-user-status.command';
import { SetUserStatusHandler } from './set-user-status.handler';

describe(SetUserStatusHandler.name, () => {
  let { settings, clock, users } = userAdminFixture();

  beforeEach(() => {
    ({ settings, clock, users } = userAdminFixture());
  });

  it('disables and enables, recording each status change once', async () => {
    const handler = new SetUserStatusHandler(users, clock, settings);

    await handler.execute(new SetUserStatusCommand('acme', 'user-1', 'disabled'));
    const view = await handler.execute(new SetUserStatusCommand('acme', 'user-1', 'disabled'));
    await handler.execute(new SetUserStatusCommand('acme', 'user-1', 'active'));

    expect(view.status).toBe('disabled');
    expect(users.outbox.map((e) => ('status' in e ? e.status : null))).toEqual(['disabled', 'active']);
  });
});
