import { PinInvalid } from '@tp/identity-domain';
import { userAdminFixture } from '../../testing/identity-handlers.fixture';
import { ClearPinCommand } from '../clear-pin/clear-pin.command';
import { ClearPinHandler } from '../clear-pin/clear-pin.handler';
import { VerifyPinCommand } from '../verify-pin/verify-pin.command';
import { VerifyPinHandler } from '../verify-pin/verify-pin.handler';
import { SetPinCommand } from './set-pin.command';
import { SetPinHandler } from './set-pin.handler';

describe(SetPinHandler.name, () => {
  let { clock, users, hasher, failures } = userAdminFixture();

  beforeEach(() => {
    ({ clock, users, hasher, failures } = userAdminFixture());
  });

  it('sets a PIN as a hash that verifies, and clears it', async () => {
    await new SetPinHandler(users, hasher, clock).execute(new SetPinCommand('acme', 'user-1', '4711'));
    const stored = await users.find('acme', 'user-1');
    const verify = new VerifyPinHandler(users, failures, hasher, clock);

    expect(stored?.hasPin).toBe(true);
    expect(stored?.pinHash).not.toContain('4711');
    await expect(verify.execute(new VerifyPinCommand('acme', 'user-1', '4711'))).resolves.toEqual({
      result: 'ok',
    });

    await new ClearPinHandler(users, clock).execute(new ClearPinCommand('acme', 'user-1'));
    expect((await users.find('acme', 'user-1'))?.hasPin).toBe(false);
    expect(users.outbox.map((e) => e.type === 'user-updated' && e.hasPin)).toEqual([true, false]);
    expect(JSON.stringify(users.outbox)).not.toContain('4711');
  });

  it('refuses a PIN that is not 4 to 8 digits, before looking for the user', async () => {
    await expect(
      new SetPinHandler(users, hasher, clock).execute(new SetPinCommand('globex', 'nobody', '12')),
    ).rejects.toBeInstanceOf(PinInvalid);
    expect(JSON.stringify(new SetPinCommand('acme', 'user-1', '4711'))).not.toContain('4711');
  });
});
