import { z } from 'zod';
import { cloudEventSchema, type EventContract } from '../cloud-event';
import { EntityIdSchema, IsoTimestampSchema, TenantIdSchema } from '../identifiers';
import { eventSubject } from '../subjects';

/**
 * Routing's integration events, for reports: every offer of a waiting call to an agent
 * (made, accepted, missed with the reason) and how each wait ended (answered, abandoned, timed
 * out). Subjects `dispatch.evt.<tenant>.<noun>.v1` on the stream DISPATCH_EVENTS; the CloudEvents
 * `subject` is the caller's CallSid, so all events of one call can be grouped.
 */
const CallSid = z.string().regex(/^CA[0-9a-f]{32}$/, 'a Twilio CallSid');

/** What names a wait: the call, its flow session, and the Queue node and name. */
const WaitFields = {
  tenantId: TenantIdSchema,
  callSid: CallSid,
  /** Dispatch's id of the wait (one per call and Queue turn). */
  waitingCallId: z.uuid(),
  sessionId: EntityIdSchema,
  queueNodeId: z.string().min(1).max(64),
  queueName: z.string().min(1).max(64),
  occurredAt: IsoTimestampSchema,
};

export const OFFER_MISS_REASONS = [
  'no-answer',
  'busy',
  'failed',
  'canceled',
  'declined',
  'no-key',
  'hung-up',
  'caller-gone',
  'timed-out',
  'not-placed',
] as const;
/** Why an offer was missed: the one list (routing's rules take the type from here). */
export type OfferMissReasonV1 = (typeof OFFER_MISS_REASONS)[number];

export const OfferEventDataV1Schema = z.object({
  ...WaitFields,
  offerId: z.uuid(),
  agentId: EntityIdSchema,
  /** 1 for the first agent offered this wait, 2 for the next, ... */
  attempt: z.number().int().positive(),
});
export type OfferEventDataV1 = z.infer<typeof OfferEventDataV1Schema>;

export const OfferMissedDataV1Schema = OfferEventDataV1Schema.extend({
  /**
   * no-answer, busy, failed, canceled (Twilio's final status of the agent leg); declined (a key
   * other than 1); no-key (answered, nothing pressed: a voicemail pickup); hung-up (answered, hung
   * up before a key); caller-gone (the caller left first); timed-out (no callback came in time);
   * not-placed (Twilio or a dependency failed before the phone rang). All but caller-gone,
   * timed-out and not-placed count towards an agent going offline as unreachable.
   */
  reason: z.enum(OFFER_MISS_REASONS),
});
export type OfferMissedDataV1 = z.infer<typeof OfferMissedDataV1Schema>;

export const WaitEndedDataV1Schema = z.object({
  ...WaitFields,
  /** The agent who took the call (answered only). */
  agentId: EntityIdSchema.nullable(),
  /** Seconds from entering the queue to the end of the wait. */
  waitedSeconds: z.number().nonnegative(),
});
export type WaitEndedDataV1 = z.infer<typeof WaitEndedDataV1Schema>;

type Described<T> = EventContract<T> & { readonly description: string };

function dispatchEvent<T>(noun: string, description: string, dataSchema: z.ZodType<T>): Described<T> {
  const type = `timedpresence.dispatch.${noun}.v1`;
  return {
    type,
    version: 1,
    description,
    dataSchema,
    envelopeSchema: cloudEventSchema(type, dataSchema),
    subjectFor: (tenantId: string) => eventSubject('dispatch', tenantId, noun, 1),
  };
}

export const OfferMadeV1 = dispatchEvent(
  'offer-made',
  'A waiting call was offered to an agent: the agent is held and their phone is being called.',
  OfferEventDataV1Schema,
);
export const OfferAcceptedV1 = dispatchEvent(
  'offer-accepted',
  'The agent pressed 1 while the caller still waited: they are bridged.',
  OfferEventDataV1Schema,
);
export const OfferMissedV1 = dispatchEvent(
  'offer-missed',
  'The offer ended without an accept; reason tells why. The call is offered to the next agent.',
  OfferMissedDataV1Schema,
);
export const CallAnsweredV1 = dispatchEvent(
  'call-answered',
  'A waiting caller was answered by an agent (the offer was accepted).',
  WaitEndedDataV1Schema,
);
export const CallAbandonedV1 = dispatchEvent(
  'call-abandoned',
  'A waiting caller hung up before an agent took the call.',
  WaitEndedDataV1Schema,
);
export const CallTimedOutV1 = dispatchEvent(
  'call-timed-out',
  "A waiting caller reached the queue's maximum wait (or could not be queued) without an agent.",
  WaitEndedDataV1Schema,
);

export const DISPATCH_EVENTS_V1 = [
  OfferMadeV1,
  OfferAcceptedV1,
  OfferMissedV1,
  CallAnsweredV1,
  CallAbandonedV1,
  CallTimedOutV1,
] as const;
