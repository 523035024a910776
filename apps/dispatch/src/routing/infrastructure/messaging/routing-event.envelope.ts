import { randomUUID } from 'node:crypto';
import {
  CallAbandonedV1,
  CallAnsweredV1,
  CallTimedOutV1,
  makeCloudEvent,
  OfferAcceptedV1,
  OfferMadeV1,
  OfferMissedV1,
  type EventContract,
} from '@tp/contracts';
import type { OutboxEntry } from '@tp/platform';
import type { MissReason } from '@tp/routing-domain';
import type { Offer, WaitingCall } from '../../application/ports/routing-queue.port';

export const DISPATCH_EVENT_SOURCE = 'timed-presence/dispatch';

function entry<T>(contract: EventContract<T>, call: WaitingCall, at: Date, data: T): OutboxEntry {
  const event = makeCloudEvent(contract, {
    id: randomUUID(),
    source: DISPATCH_EVENT_SOURCE,
    time: at,
    subject: call.callSid,
    data,
  });
  return { subject: contract.subjectFor(call.tenantId), tenantId: call.tenantId, event };
}

const wait = (call: WaitingCall, at: Date) => ({
  tenantId: call.tenantId,
  callSid: call.callSid,
  waitingCallId: call.id,
  sessionId: call.sessionId,
  queueNodeId: call.queueNodeId,
  queueName: call.queueName,
  occurredAt: at.toISOString(),
});

const offerData = (offer: Offer, call: WaitingCall, at: Date) => ({
  ...wait(call, at),
  offerId: offer.id,
  agentId: offer.agentId,
  attempt: offer.attempt,
});

const waited = (call: WaitingCall, at: Date) =>
  Math.max(0, Math.round((at.getTime() - call.enqueuedAt.getTime()) / 100) / 10);

/** The integration events of routing, as outbox rows (written in the transaction of the change). */
export const routingEvents = {
  offerMade: (offer: Offer, call: WaitingCall, at: Date) =>
    entry(OfferMadeV1, call, at, offerData(offer, call, at)),
  offerAccepted: (offer: Offer, call: WaitingCall, at: Date) =>
    entry(OfferAcceptedV1, call, at, offerData(offer, call, at)),
  offerMissed: (offer: Offer, call: WaitingCall, reason: MissReason, at: Date) =>
    entry(OfferMissedV1, call, at, { ...offerData(offer, call, at), reason }),
  callAnswered: (call: WaitingCall, agentId: string, at: Date) =>
    entry(CallAnsweredV1, call, at, { ...wait(call, at), agentId, waitedSeconds: waited(call, at) }),
  callAbandoned: (call: WaitingCall, at: Date) =>
    entry(CallAbandonedV1, call, at, { ...wait(call, at), agentId: null, waitedSeconds: waited(call, at) }),
  callTimedOut: (call: WaitingCall, at: Date) =>
    entry(CallTimedOutV1, call, at, { ...wait(call, at), agentId: null, waitedSeconds: waited(call, at) }),
};
