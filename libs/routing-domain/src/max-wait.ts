import { isWaiting, type WaitingCallStatus } from './queue';

/**
 * Dispatch enforcing the maximum wait itself (ADR 14): at the deadline the routing tick takes the
 * caller out of their Twilio queue through the REST API (the Queue Member resource with the URL of
 * the flow's timeout turn), instead of waiting for Twilio to ask the wait URL again, which may be a
 * whole hold prompt later. Plain rules; dispatch stores the state on the waiting call.
 */

/**
 * Where dispatch's own dequeue of a call stands: `pending` (to be requested, again on the next tick
 * after a failure), `done` (Twilio took the caller out, or the caller had left the queue already),
 * `gave-up` (Twilio refuses for good, or failed too often: the wait URL's `<Leave/>` remains).
 */
export const DEQUEUE_STATUSES = ['pending', 'done', 'gave-up'] as const;
export type DequeueStatus = (typeof DEQUEUE_STATUSES)[number];

/**
 * How one dequeue request went: `dequeued` (Twilio answered the member), `not-in-queue` (Twilio
 * knows no such member: the caller left already, by `<Leave/>`, a bridge or a hangup), `refused`
 * (Twilio refuses it and would refuse it again: credentials, a bad request), `failed` (Twilio or
 * the network failing, or too many requests: worth asking again).
 */
export type DequeueAttempt = 'dequeued' | 'not-in-queue' | 'refused' | 'failed';

/**
 * How many failed dequeue requests of one call are made before giving up (one per tick, so about
 * this many seconds of Twilio failing). A request that already reached Twilio and is made again
 * does no harm: the caller is no longer a member, Twilio answers 404, and that is `done`.
 */
export const MAX_DEQUEUE_ATTEMPTS = 30;

/** A REST answer's HTTP status as a dequeue attempt; null when no answer came (network, timeout). */
export function dequeueAttemptOf(httpStatus: number | null): DequeueAttempt {
  if (httpStatus === null) return 'failed';
  if (httpStatus >= 200 && httpStatus < 300) return 'dequeued';
  if (httpStatus === 404) return 'not-in-queue';
  if (httpStatus === 429) return 'failed';
  if (httpStatus >= 400 && httpStatus < 500) return 'refused';
  return 'failed';
}

/** The dequeue's status after its `attempts`-th request went this way. */
export function afterDequeueAttempt(
  attempt: DequeueAttempt,
  attempts: number,
  maxAttempts: number = MAX_DEQUEUE_ATTEMPTS,
): DequeueStatus {
  switch (attempt) {
    case 'dequeued':
    case 'not-in-queue':
      return 'done';
    case 'refused':
      return 'gave-up';
    case 'failed':
      return attempts >= maxAttempts ? 'gave-up' : 'pending';
  }
}

/** Whether the tick ends this wait now: the caller still waits (or is being offered) and the deadline passed. */
export function isPastMaxWait(
  call: { readonly status: WaitingCallStatus; readonly deadline: Date },
  now: Date,
): boolean {
  return isWaiting(call.status) && now.getTime() >= call.deadline.getTime();
}
