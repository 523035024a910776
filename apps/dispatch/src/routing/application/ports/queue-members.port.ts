import type { TwilioCredentials } from '@tp/dispatch-domain';
import type { DequeueAttempt } from '@tp/routing-domain';

export interface DequeueRequest {
  readonly credentials: TwilioCredentials;
  readonly queueSid: string;
  /** The caller's CallSid: the member to take out of the queue. */
  readonly callSid: string;
  /** The TwiML the caller's call runs once out of the queue. */
  readonly url: string;
}

/**
 * Twilio's Queue Member resource: takes a caller out of their queue and has their call run the
 * TwiML at `url`. Never throws: any failure is an attempt of its kind (`failed` worth another try).
 */
export abstract class QueueMembers {
  abstract dequeue(request: DequeueRequest): Promise<DequeueAttempt>;
}
