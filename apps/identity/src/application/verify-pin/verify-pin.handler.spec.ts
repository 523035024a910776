import { Pin, PinNotSet, UserNotFound } from '@tp/identity-domain';
import { aUser, FakePinHasher, FixedClock, InMemoryPinFailureLog, InMemoryUserRepository } from '@tp/fakes';
import { VerifyPinCommand } from './verify-pin.command';
import { VerifyPinHandler } from './verify-pin.handler';

const MINUTE = 60_000;

describe(VerifyPinHandler.name, () => {
  let clock: FixedClock;
  let users: InMemoryUserRepository;
  let failures: InMemoryPinFailureLog;
  let handler: VerifyPinHandler;
  let hash: string;

  beforeEach(async () => {
    clock = new FixedClock('2026-01-15T09:00:00.000Z');
    users = new InMemoryUserRepository();
    failures = new InMemoryPinFailureLog();
    const hasher = new FakePinHasher();
    hash = await hasher.hash(Pin.of('4711'));
    users.seed(aUser().withPinHash(hash).build());
    handler = new VerifyPinHandler(users, failures, hasher, clock);
  });

  const verify = (pin: string, callSid: string | null = 'CA1') =>
    handler.execute(new VerifyPinCommand('acme', 'user-1', pin, callSid, 'ivr'));

  it('answers ok for the right PIN and audits nothing', async () => {
    await expect(verify('4711')).resolves.toEqual({ result: 'ok' });
    expect(failures.all).toEqual([]);
  });

  it('answers wrong, and audits the failure with call, source and time, never the PIN', async () => {
    await expect(verify('1234', 'CA42')).resolves.toEqual({ result: 'wrong' });

    expect(failures.all).toEqual([
      {
        tenantId: 'acme',
        userId: 'user-1',
        at: clock.now(),
        outcome: 'wrong',
        callSid: 'CA42',
        source: 'ivr',
      },
    ]);
    expect(JSON.stringify(failures.all)).not.toContain('1234');
  });

  it.each<[string, number[], string, { result: string; lockedUntil?: string }]>([
    ['four wrong PINs, then the right one', [0, 1, 2, 3], '4711', { result: 'ok' }],
    [
      'the fifth wrong PIN within 15 minutes',
      [0, 1, 2, 3],
      '0000',
      { result: 'locked', lockedUntil: '2026-01-15T09:19:00.000Z' },
    ],
    [
      'the right PIN while locked',
      [0, 1, 2, 3, 4],
      '4711',
      { result: 'locked', lockedUntil: '2026-01-15T09:19:00.000Z' },
    ],
    ['a fifth wrong PIN 15 minutes after the first', [0, 5, 10, 14], '0000', { result: 'wrong' }],
  ])('%s', async (_case, wrongAtMinutes, pin, expected) => {
    for (const minute of wrongAtMinutes) {
      clock.set(new Date(Date.parse('2026-01-15T09:00:00.000Z') + minute * MINUTE));
      await verify('9999');
    }
    clock.set(new Date(Date.parse('2026-01-15T09:00:00.000Z') + (wrongAtMinutes.at(-1)! + 1) * MINUTE));
    if (wrongAtMinutes.length === 5) clock.advanceBy(-MINUTE + 1000); // still within the lock

    await expect(verify(pin)).resolves.toEqual(expected);
  });

  it('unlocks 15 minutes after the fifth wrong PIN', async () => {
    for (let i = 0; i < 5; i += 1) await verify('0000');
    clock.advanceBy(15 * MINUTE - 1);
    await expect(verify('4711')).resolves.toMatchObject({ result: 'locked' });

    clock.advanceBy(1);
    await expect(verify('4711')).resolves.toEqual({ result: 'ok' });
  });

  it('audits attempts while locked as locked, and does not count them as wrong PINs', async () => {
    for (let i = 0; i < 5; i += 1) await verify('0000');
    await verify('0000');

    expect(failures.all.map((f) => f.outcome)).toEqual([
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'locked',
    ]);
  });

  it('counts parallel guesses one after another', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => verify('0000')));

    expect(results.map((r) => r.result)).toEqual([
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'locked',
      'locked',
      'locked',
      'locked',
    ]);
    expect(failures.all.filter((f) => f.outcome === 'wrong')).toHaveLength(5);
  });

  it.each([
    [
      'a user of another tenant',
      () => handler.execute(new VerifyPinCommand('globex', 'user-1', '4711')),
      UserNotFound,
    ],
    ['an unknown user', () => handler.execute(new VerifyPinCommand('acme', 'nobody', '4711')), UserNotFound],
  ])('says not found for %s', async (_case, attempt, error) => {
    await expect(attempt()).rejects.toBeInstanceOf(error);
  });

  it('says not found for a disabled user, and pin-not-set for a user without PIN', async () => {
    users.seed(aUser().withId('off').withEmail('off@x.io').disabled().withPinHash(hash).build());
    users.seed(aUser().withId('nopin').withEmail('np@x.io').build());

    await expect(handler.execute(new VerifyPinCommand('acme', 'off', '4711'))).rejects.toBeInstanceOf(
      UserNotFound,
    );
    await expect(handler.execute(new VerifyPinCommand('acme', 'nopin', '4711'))).rejects.toBeInstanceOf(
      PinNotSet,
    );
  });

  it('never prints the PIN of a command', () => {
    expect(JSON.stringify(new VerifyPinCommand('acme', 'user-1', '4711', 'CA1'))).not.toContain('4711');
  });
});
