import { UserNotFound } from '@tp/identity-domain';
import { userAdminFixture } from '../../testing/identity-handlers.fixture';
import { SetPinCommand } from '../set-pin/set-pin.command';
import { SetPinHandler } from '../set-pin/set-pin.handler';
import { ClearPinCommand } from './clear-pin.command';
import { ClearPinHandler } from './clear-pin.handler';

describe(ClearPinHandler.name, () => {
  let { clock, users, hasher } = userAdminFixture();

  beforeEach(() => {
    ({ clock, users, hasher } = userAdminFixture());
  });

  it('clears the PIN once, records nothing for a user without one, and finds nobody of another tenant', async () => {
    await new SetPinHandler(users, hasher, clock).execute(new SetPinCommand('acme', 'user-1', '4711'));
    const clear = new ClearPinHandler(users, clock);

    await clear.execute(new ClearPinCommand('acme', 'user-1'));
    await clear.execute(new ClearPinCommand('acme', 'user-1'));

    expect((await users.find('acme', 'user-1'))?.hasPin).toBe(false);
    expect(users.outbox.map((e) => (e.type === 'user-updated' ? e.hasPin : e.type))).toEqual([true, false]);
    await expect(clear.execute(new ClearPinCommand('globex', 'user-1'))).rejects.toBeInstanceOf(UserNotFound);
  });
});
