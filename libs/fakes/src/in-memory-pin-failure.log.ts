import { PinFailureLog, type PinFailure } from '@tp/identity-domain';

/** The PIN failure audit in memory; `exclusively` serialises work per user like the real lock. */
export class InMemoryPinFailureLog extends PinFailureLog {
  private readonly failures: PinFailure[] = [];
  private readonly queues = new Map<string, Promise<unknown>>();

  exclusively<T>(tenantId: string, userId: string, work: () => Promise<T>): Promise<T> {
    const key = JSON.stringify([tenantId, userId]);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.queues.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }

  wrongPinsSince(tenantId: string, userId: string, since: Date): Promise<Date[]> {
    return Promise.resolve(
      this.failures
        .filter(
          (f) => f.tenantId === tenantId && f.userId === userId && f.outcome === 'wrong' && f.at >= since,
        )
        .map((f) => new Date(f.at))
        .sort((a, b) => a.getTime() - b.getTime()),
    );
  }

  record(failure: PinFailure): Promise<void> {
    this.failures.push({ ...failure, at: new Date(failure.at) });
    return Promise.resolve();
  }

  recent(tenantId: string, userId: string, limit: number): Promise<PinFailure[]> {
    return Promise.resolve(
      this.failures
        .filter((f) => f.tenantId === tenantId && f.userId === userId)
        .sort((a, b) => b.at.getTime() - a.at.getTime())
        .slice(0, limit),
    );
  }

  /** Everything audited so far, oldest first. */
  get all(): readonly PinFailure[] {
    return [...this.failures];
  }
}
