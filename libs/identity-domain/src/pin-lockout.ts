/**
 * The PIN lockout rule: after `maxFailures` wrong PINs within `windowMs`, the user is locked for
 * `lockMs` from the last of them. Defaults: 5 wrong PINs within 15 minutes lock for 15 minutes.
 *
 * - "Within 15 minutes" means the first and the fifth failure are less than 15 minutes apart.
 * - Attempts made while locked are not checked against the PIN, so they are not failures here (they
 *   are audited as `locked`); a lock therefore ends on time, however often the caller retries.
 * - A correct PIN does not wipe earlier failures: the rule counts wrong PINs only, so that an
 *   attacker's guesses and an agent's typos are treated alike and the audit log alone decides.
 *
 * Pure: the failures and the time are given, which makes it a table test.
 */
export class PinLockoutPolicy {
  static readonly DEFAULT = new PinLockoutPolicy(5, 15 * 60_000, 15 * 60_000);

  constructor(
    readonly maxFailures: number,
    readonly windowMs: number,
    readonly lockMs: number,
  ) {
    if (!Number.isInteger(maxFailures) || maxFailures < 1) throw new RangeError('maxFailures must be >= 1');
    if (!(windowMs > 0) || !(lockMs > 0)) throw new RangeError('windowMs and lockMs must be positive');
  }

  /** The earliest failure that can still matter at `now`: older ones can be left unread. */
  lookbackFrom(now: Date): Date {
    return new Date(now.getTime() - this.windowMs - this.lockMs);
  }

  /** Until when the user is locked at `now`, given the times of their wrong PINs; null when not locked. */
  lockedUntil(failures: readonly Date[], now: Date): Date | null {
    const times = failures
      .map((f) => f.getTime())
      .filter((t) => t <= now.getTime())
      .sort((a, b) => a - b);
    let until = -Infinity;
    for (let last = this.maxFailures - 1; last < times.length; last += 1) {
      const first = times[last - this.maxFailures + 1];
      const lastTime = times[last];
      if (lastTime - first < this.windowMs) until = Math.max(until, lastTime + this.lockMs);
    }
    return until > now.getTime() ? new Date(until) : null;
  }
}
