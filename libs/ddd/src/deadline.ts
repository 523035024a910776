/**
 * When whoever asked stops waiting for the answer: a Twilio webhook's internal deadline at the
 * edge, a session turn's share of it, a request's deadline carried to another app. Every request
 * made on its behalf gets what is left, so the answer stays within the first caller's wait however
 * many services it crosses. Measured on the monotonic clock (`performance.now()`): this is
 * latency, not business time, so it does not use {@link Clock}; across processes it travels as a
 * wall-clock instant ({@link Deadline.atEpochMs}, {@link Deadline.epochMs}).
 */
export class Deadline {
  /** A deadline that never passes (admin requests, background work, tests). */
  static readonly NONE = new Deadline(Number.POSITIVE_INFINITY);

  private constructor(private readonly atMs: number) {}

  /** `totalMs` from now, less `elapsedMs` the work has been running already. */
  static after(totalMs: number, elapsedMs = 0): Deadline {
    return new Deadline(performance.now() + totalMs - elapsedMs);
  }

  /** At a wall-clock instant (epoch milliseconds), as a request from another process carries it. */
  static atEpochMs(epochMs: number): Deadline {
    return new Deadline(performance.now() + (epochMs - Date.now()));
  }

  /** The wall-clock instant (epoch milliseconds) to carry to another process; null for {@link NONE}. */
  epochMs(): number | null {
    return Number.isFinite(this.atMs) ? Date.now() + (this.atMs - performance.now()) : null;
  }

  /** The sooner of this deadline and `ms` from now (a share of the wait, capped by one's own limit). */
  within(ms: number): Deadline {
    return new Deadline(Math.min(this.atMs, performance.now() + ms));
  }

  /** Milliseconds left: 0 or less once passed; infinite for {@link NONE}. */
  remainingMs(): number {
    return this.atMs - performance.now();
  }

  /**
   * What a request made now may take: what is left less `reserveMs` kept back (to answer once the
   * request returns), whole milliseconds, at least 1 (a timeout of 0 would mean none at all).
   */
  budgetMs(reserveMs = 0): number {
    return Math.max(1, Math.floor(Math.min(this.remainingMs() - reserveMs, 2 ** 31 - 1)));
  }

  /** `work`'s result, or `fallback` when the deadline passes first (the work is left to finish). */
  async race<T>(work: Promise<T>, fallback: () => T, reserveMs = 0): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(fallback()), this.budgetMs(reserveMs));
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
