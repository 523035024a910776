import { PinLockoutPolicy } from './index';

const T0 = Date.parse('2026-01-15T09:00:00.000Z');
const min = (m: number) => new Date(T0 + m * 60_000);
const mins = (...ms: number[]) => ms.map(min);

describe(PinLockoutPolicy.name, () => {
  const policy = PinLockoutPolicy.DEFAULT;

  it.each<[string, number[], number, number | null]>([
    ['no failures', [], 0, null],
    ['four failures in a minute', [0, 0.1, 0.2, 0.3], 1, null],
    ['five failures in a minute, right after the fifth', [0, 0.1, 0.2, 0.3, 0.4], 0.4, 15.4],
    ['five failures in a minute, ten minutes later', [0, 0.1, 0.2, 0.3, 0.4], 10, 15.4],
    [
      'five failures in a minute, one second before the lock ends',
      [0, 0.1, 0.2, 0.3, 0.4],
      15.4 - 1 / 60,
      15.4,
    ],
    ['five failures in a minute, the moment the lock ends', [0, 0.1, 0.2, 0.3, 0.4], 15.4, null],
    ['five failures 14:59 apart', [0, 1, 2, 3, 14 + 59 / 60], 15, 14 + 59 / 60 + 15],
    ['five failures exactly 15 minutes apart', [0, 1, 2, 3, 15], 15, null],
    ['five failures 16 minutes apart', [0, 4, 8, 12, 16], 16, null],
    ['six failures where the last five are close', [0, 20, 21, 22, 23, 24], 25, 39],
    ['failures in any order', [0.4, 0, 0.3, 0.1, 0.2], 1, 15.4],
    ['a failure after the lock that does not start a new one', [0, 0.1, 0.2, 0.3, 0.4, 16], 16, null],
    ['five new failures after a lock lock again', [0, 0.1, 0.2, 0.3, 0.4, 16, 17, 18, 19, 20], 21, 35],
    ['a failure "in the future" is ignored', [0, 0.1, 0.2, 0.3, 30], 1, null],
  ])('%s', (_case, failures, now, lockedUntil) => {
    expect(policy.lockedUntil(mins(...failures), min(now))).toEqual(
      lockedUntil === null ? null : min(lockedUntil),
    );
  });

  it('reads back as far as a window and a lock reach', () => {
    expect(policy.lookbackFrom(min(60))).toEqual(min(30));
  });

  it('can be tuned', () => {
    const strict = new PinLockoutPolicy(3, 60_000, 3_600_000);

    expect(strict.lockedUntil(mins(0, 0.5, 0.9), min(1))).toEqual(min(60.9));
    expect(strict.lockedUntil(mins(0, 0.5, 1), min(1))).toBeNull();
  });

  it.each<[number, number, number]>([
    [0, 1, 1],
    [1.5, 1, 1],
    [1, 0, 1],
    [1, 1, -1],
  ])('refuses maxFailures %p, window %p, lock %p', (max, window, lock) => {
    expect(() => new PinLockoutPolicy(max, window, lock)).toThrow(RangeError);
  });
});
