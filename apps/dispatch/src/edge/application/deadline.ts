/**
 * The internal deadline of a webhook (DISPATCH_WEBHOOK_DEADLINE_MS, 2 s): dependencies get what is
 * left of it, less a reserve for rendering and sending the answer. Measured on the monotonic clock
 * from when the request arrived; this is latency, not business time, so it does not use `Clock`.
 */
export class Deadline {
  /** What is kept back for rendering and writing the answer. */
  static readonly RESERVE_MS = 50;

  private constructor(private readonly atMs: number) {}

  /** A deadline `totalMs` after a request that has been running for `elapsedMs` already. */
  static after(totalMs: number, elapsedMs = 0): Deadline {
    return new Deadline(performance.now() + totalMs - elapsedMs);
  }

  /** Milliseconds a dependency may still take (at least 1). */
  remainingMs(): number {
    return Math.max(1, Math.floor(this.atMs - performance.now() - Deadline.RESERVE_MS));
  }

  /** `work`'s result, or `fallback` when the deadline passes first (the work is left to finish). */
  async race<T>(work: Promise<T>, fallback: () => T): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(fallback()), this.remainingMs());
    });
    try {
      return await Promise.race([work, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
