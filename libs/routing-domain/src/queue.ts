/**
 * Waiting calls: a customer call parked in its own Twilio queue until an agent accepts
 * it, its maximum wait passes, or the caller hangs up. Plain data and rules; dispatch stores them.
 */
export const WAITING_CALL_STATUSES = ['waiting', 'offering', 'bridged', 'left', 'abandoned'] as const;
export type WaitingCallStatus = (typeof WAITING_CALL_STATUSES)[number];

/** How a caller's wait ended, as flow-runtime's `queue-result` names it. */
export type QueueOutcome = 'answered' | 'timeout' | 'abandoned';

/** What orders waiting calls: higher priority first, then the longest waiting, then the id. */
export interface QueueOrderKey {
  readonly id: string;
  readonly priority: number;
  readonly enqueuedAt: Date;
}

/** The order in which a tenant's waiting calls are offered (and callers are told their place). */
export function byOfferOrder(a: QueueOrderKey, b: QueueOrderKey): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const waited = a.enqueuedAt.getTime() - b.enqueuedAt.getTime();
  if (waited !== 0) return waited;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether a call in this status still waits for an agent (so counts in the line). */
export function isWaiting(status: WaitingCallStatus): boolean {
  return status === 'waiting' || status === 'offering';
}

/**
 * The caller's place in line (1 = next) among the tenant's calls still waiting, in offer order;
 * null when the call itself no longer waits.
 */
export function queuePosition(
  call: QueueOrderKey & { readonly status: WaitingCallStatus },
  others: readonly (QueueOrderKey & { readonly status: WaitingCallStatus })[],
): number | null {
  if (!isWaiting(call.status)) return null;
  const ahead = others.filter((o) => o.id !== call.id && isWaiting(o.status) && byOfferOrder(o, call) < 0);
  return ahead.length + 1;
}

/** The `deadline` of a wait: enqueued plus the Queue activity's maximum wait. */
export function waitDeadline(enqueuedAt: Date, maxWaitS: number): Date {
  return new Date(enqueuedAt.getTime() + maxWaitS * 1000);
}

/** What the wait URL does now: keep holding, or make the caller leave (the maximum wait passed). */
export function waitDecision(
  call: { readonly status: WaitingCallStatus; readonly deadline: Date },
  now: Date,
): 'hold' | 'leave' {
  if (call.status === 'left' || call.status === 'abandoned') return 'leave';
  if (call.status === 'bridged') return 'hold';
  return now.getTime() >= call.deadline.getTime() ? 'leave' : 'hold';
}

/**
 * Twilio's `QueueResult` (the `<Enqueue>` action) as the flow's outcome: `bridged` is answered (the
 * bridged call is over), `hangup` abandoned; `leave` (dispatch's `<Leave/>` at the maximum wait),
 * `redirected`, `queue-full`, `error` and `system-error` are a timeout, so that the caller hears the
 * no-agent prompt and the flow goes on. Unknown values are treated as errors.
 */
export function queueOutcomeOf(queueResult: string | undefined): QueueOutcome {
  switch (queueResult) {
    case 'bridged':
      return 'answered';
    case 'hangup':
      return 'abandoned';
    default:
      return 'timeout';
  }
}

/** The waiting call's status once its wait ended this way. */
export function statusAfterOutcome(outcome: QueueOutcome): WaitingCallStatus {
  switch (outcome) {
    case 'answered':
      return 'bridged';
    case 'timeout':
      return 'left';
    case 'abandoned':
      return 'abandoned';
  }
}

/** The name of the Twilio queue of one waiting call: at most 64 characters (Twilio's limit). */
export function twilioQueueName(callSid: string): string {
  const name = `tp-${callSid}`;
  if (name.length > 64) throw new Error(`queue name ${name} is longer than 64 characters`);
  return name;
}
