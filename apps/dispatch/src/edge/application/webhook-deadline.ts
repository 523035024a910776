import { Deadline } from '@tp/ddd';

/** What is kept back of a webhook's deadline for rendering and writing the answer. */
export const ANSWER_RESERVE_MS = 50;

/**
 * The deadline of a webhook's work (DISPATCH_WEBHOOK_DEADLINE_MS, 2 s, from when the request
 * arrived, `elapsedMs` ago), less the reserve for answering: the apology comes at it, and every
 * dependency gets what is left of it.
 */
export function webhookDeadline(totalMs: number, elapsedMs = 0): Deadline {
  return Deadline.after(totalMs - ANSWER_RESERVE_MS, elapsedMs);
}
