import { UserNotFound } from '@tp/identity-domain';
import { userAdminFixture } from '../../testing/identity-handlers.fixture';
import { SetPinCommand } from '../set-pin/set-pin.command';
import { SetPinHandler } from '../set-pin/set-pin.handler';
import { VerifyPinCommand } from '../verify-pin/verify-pin.command';
import { VerifyPinHandler } from '../verify-pin/verify-pin.handler';
import { ListPinFailuresHandler } from './list-pin-failures.handler';
import { ListPinFailuresQuery } from './list-pin-failures.query';

describe(ListPinFailuresHandler.name, () => {
  let { clock, users, hasher, failures } = userAdminFixture();

  beforeEach(() => {
    ({ clock, users, hasher, failures } = userAdminFixture());
  });

  it('shows the failed PIN attempts and the lock', async () => {
    await new SetPinHandler(users, hasher, clock).execute(new SetPinCommand('acme', 'user-1', '4711'));
    const verify = new VerifyPinHandler(users, failures, hasher, clock);
    for (let i = 0; i < 5; i += 1)
      await verify.execute(new VerifyPinCommand('acme', 'user-1', '0000', `CA${i}`));

    const view = await new ListPinFailuresHandler(users, failures, clock).execute(
      new ListPinFailuresQuery('acme', 'user-1', 3),
    );

    expect(view).toEqual({
      lockedUntil: '2026-01-15T09:15:00.000Z',
      failures: [
        {
          at: '2026-01-15T09:00:00.000Z',
          outcome: 'wrong',
          callSid: expect.stringMatching(/^CA\d$/),
          source: 'ivr',
        },
        {
          at: '2026-01-15T09:00:00.000Z',
          outcome: 'wrong',
          callSid: expect.stringMatching(/^CA\d$/),
          source: 'ivr',
        },
        {
          at: '2026-01-15T09:00:00.000Z',
          outcome: 'wrong',
          callSid: expect.stringMatching(/^CA\d$/),
          source: 'ivr',
        },
      ],
    });
    await expect(
      new ListPinFailuresHandler(users, failures, clock).execute(
        new ListPinFailuresQuery('globex', 'user-1'),
      ),
    ).rejects.toBeInstanceOf(UserNotFound);
  });
});
