import type { ChannelStep } from '@tp/contracts';

/**
 * How a webhook was answered: the flow's steps (`ok`), the not-in-service message for a number
 * with no active mapping, or the apology when something failed or took too long.
 */
export type AnswerOutcome = 'ok' | 'not-in-service' | 'apology';

/**
 * What routing adds to a flow's steps: a caller parked in their own queue (a flow's
 * `enqueue`, once dispatch recorded the waiting call), leaving it at the maximum wait, an agent
 * bridged to a queued caller, and the agent's screening (the whisper and press 1).
 */
export type RoutingStep =
  | { readonly type: 'wait-in-queue'; readonly waitingCallId: string; readonly twilioQueue: string }
  | { readonly type: 'leave-queue' }
  | { readonly type: 'bridge-to-queue'; readonly twilioQueue: string }
  | { readonly type: 'screen'; readonly offerId: string; readonly text: string; readonly timeoutS: number };

export type AnswerStep = ChannelStep | RoutingStep;

/** What the caller hears next, channel-neutral; the Twilio edge renders it as TwiML. */
export interface CallAnswer {
  readonly outcome: AnswerOutcome;
  readonly steps: readonly AnswerStep[];
  /** The session turn a `collect` answers to (for the Gather action URL); null when none. */
  readonly turn: { readonly sessionId: string; readonly turn: number } | null;
}

export const NOT_IN_SERVICE_TEXT = 'The number you have called is not in service.';
export const APOLOGY_TEXT =
  'We are sorry, we cannot take your call right now because of a problem on our side. Please try again in a few minutes. Goodbye.';

export const NOT_IN_SERVICE: CallAnswer = {
  outcome: 'not-in-service',
  steps: [{ type: 'say', text: NOT_IN_SERVICE_TEXT }, { type: 'hangup' }],
  turn: null,
};

export const APOLOGY: CallAnswer = {
  outcome: 'apology',
  steps: [{ type: 'say', text: APOLOGY_TEXT }, { type: 'hangup' }],
  turn: null,
};
