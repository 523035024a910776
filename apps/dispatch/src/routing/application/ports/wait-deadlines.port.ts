import type { DequeueStatus } from '@tp/routing-domain';
import type { WaitingCall } from './routing-queue.port';

/** A waiting call whose maximum wait passed, for the tick to take out of its Twilio queue. */
export interface DueDequeue {
  /** The call as it was claimed (its status is `left` from now on). */
  readonly call: WaitingCall;
  /**
   * The claim ended the wait right now (it was still waiting or being offered): a ringing offer is
   * to be called off. False when the dequeue is asked again after a failed request.
   */
  readonly endedNow: boolean;
  /** Which dequeue request this is (1 for the first); 0 when none is to be made (no queue SID known yet). */
  readonly attempt: number;
}

/**
 * The maximum wait enforced by dispatch (ADR 14), in PostgreSQL: each step two replicas could race
 * on is one transaction with the call's row locked, so a call is dequeued once and an accept at the
 * same moment either wins (the call is bridged and left alone) or loses (the caller is gone).
 */
export abstract class WaitDeadlines {
  /**
   * In one transaction: calls still waiting or being offered whose deadline passed become `left`
   * (a `call-timed-out` event in the same transaction) with a dequeue pending; then every pending
   * dequeue that is due and whose queue SID is known is leased until `leaseUntil` (so no other
   * replica asks Twilio meanwhile) and counted as one more attempt. Calls locked by another
   * transaction (an accept, another replica) are passed over until the next tick. Answers the
   * calls whose wait ended now (even without a queue SID: their offers are to be called off) and
   * the dequeues to request, at most `limit`.
   */
  abstract claimDue(now: Date, leaseUntil: Date, limit: number): Promise<DueDequeue[]>;
  /**
   * What became of a pending dequeue: `done` or `gave-up` end it; `pending` makes it due again at
   * `now` (the next tick asks again). Changes nothing once it is no longer pending.
   */
  abstract settleDequeue(id: string, status: DequeueStatus, now: Date): Promise<void>;
  /** The Twilio queue's SID, as a wait URL request told it (kept once known). */
  abstract recordQueueSid(id: string, queueSid: string): Promise<void>;
}
