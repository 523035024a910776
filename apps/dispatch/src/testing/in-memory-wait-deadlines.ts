import { isPastMaxWait, WaitingCall as QueuedCall, type DequeueStatus } from '@tp/routing-domain';
import type { WaitingCall } from '../routing/application/ports/routing-queue.port';
import { WaitDeadlines, type DueDequeue } from '../routing/application/ports/wait-deadlines.port';

interface StoredCall {
  call: WaitingCall;
  dequeue: DequeueStatus | null;
  attempts: number;
  dueAt: Date | null;
}

/** The port's contract in memory: the claim ends waits past their deadline, then leases due dequeues. */
export class InMemoryWaitDeadlines extends WaitDeadlines {
  readonly calls = new Map<string, StoredCall>();
  readonly timedOut: string[] = [];
  /** Every queue SID a wait URL told, oldest first. */
  readonly recorded: { id: string; queueSid: string }[] = [];
  /** When set, recording a queue SID fails with it (PostgreSQL down). */
  recordFailure: Error | null = null;

  add(call: WaitingCall): void {
    this.calls.set(call.id, { call, dequeue: null, attempts: 0, dueAt: null });
  }

  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<DueDequeue[]> {
    const ended = new Set<string>();
    for (const stored of this.calls.values()) {
      if (ended.size >= limit || !isPastMaxWait(stored.call, now)) continue;
      // The aggregate times the wait out (this fake makes no offers: none counted).
      const call = QueuedCall.restore({ ...stored.call, offersMade: 0, endedAt: null });
      call.timeOut(now);
      stored.call = call.view();
      stored.dequeue = 'pending';
      stored.dueAt = now;
      ended.add(stored.call.id);
      this.timedOut.push(stored.call.id);
    }
    const due: DueDequeue[] = [];
    for (const stored of this.calls.values()) {
      if (due.length >= limit) break;
      if (stored.dequeue !== 'pending' || stored.call.queueSid === null || stored.dueAt! > now) continue;
      stored.attempts += 1;
      stored.dueAt = leaseUntil;
      due.push({ call: stored.call, endedNow: ended.has(stored.call.id), attempt: stored.attempts });
    }
    for (const id of ended)
      if (!due.some((d) => d.call.id === id))
        due.push({ call: this.calls.get(id)!.call, endedNow: true, attempt: 0 });
    return Promise.resolve(due);
  }

  settleDequeue(id: string, status: DequeueStatus, now: Date): Promise<void> {
    const stored = this.calls.get(id);
    if (stored?.dequeue === 'pending') {
      stored.dequeue = status;
      stored.dueAt = status === 'pending' ? now : null;
    }
    return Promise.resolve();
  }

  recordQueueSid(id: string, queueSid: string): Promise<void> {
    if (this.recordFailure) return Promise.reject(this.recordFailure);
    this.recorded.push({ id, queueSid });
    const stored = this.calls.get(id);
    if (stored) stored.call = { ...stored.call, queueSid };
    return Promise.resolve();
  }

  dequeueOf(id: string): DequeueStatus | null {
    return this.calls.get(id)!.dequeue;
  }
}
