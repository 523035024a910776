import type { MissReason } from './offer';

/** What names a wait in every routing event: the call, its flow session, its Queue node and name. */
export interface WaitRef {
  readonly tenantId: string;
  readonly callSid: string;
  readonly waitingCallId: string;
  readonly sessionId: string;
  readonly queueNodeId: string;
  readonly queueName: string;
}

interface OfferEventFields {
  readonly wait: WaitRef;
  readonly offerId: string;
  readonly agentId: string;
  /** 1 for the first agent offered this wait, 2 for the next, ... */
  readonly attempt: number;
  readonly at: Date;
}

/** A waiting call was offered to an agent: the agent is held and their phone is being called. */
export interface OfferMade extends OfferEventFields {
  readonly type: 'offer-made';
}

/** The agent pressed 1 while the caller still waited. */
export interface OfferAccepted extends OfferEventFields {
  readonly type: 'offer-accepted';
}

/** The offer ended without an accept, for this reason. */
export interface OfferMissed extends OfferEventFields {
  readonly type: 'offer-missed';
  readonly reason: MissReason;
}

interface WaitEndedFields {
  readonly wait: WaitRef;
  /** Seconds from entering the queue to the end of the wait (tenths). */
  readonly waitedSeconds: number;
  readonly at: Date;
}

/** The caller was answered by the agent whose offer was accepted. */
export interface CallAnswered extends WaitEndedFields {
  readonly type: 'call-answered';
  readonly agentId: string;
}

/** The caller hung up before an agent took the call. */
export interface CallAbandoned extends WaitEndedFields {
  readonly type: 'call-abandoned';
  readonly agentId: null;
}

/** The caller reached the maximum wait (or left the queue otherwise) without an agent. */
export interface CallTimedOut extends WaitEndedFields {
  readonly type: 'call-timed-out';
  readonly agentId: null;
}

export type OfferEvent = OfferMade | OfferAccepted | OfferMissed;
export type WaitEvent = CallAnswered | CallAbandoned | CallTimedOut;
/**
 * What the routing aggregates record: dispatch writes each to its outbox, in the transaction that
 * saves the change, as the integration event of the same name (`dispatch.evt.<tenant>.<type>.v1`).
 */
export type RoutingEvent = OfferEvent | WaitEvent;
