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
import type { RoutingEvent, WaitRef } from '@tp/routing-domain';

export const DISPATCH_EVENT_SOURCE = 'timed-presence/dispatch';

function entry<T>(contract: EventContract<T>, wait: WaitRef, at: Date, data: T): OutboxEntry {
  const event = makeCloudEvent(contract, {
    id: randomUUID(),
    source: DISPATCH_EVENT_SOURCE,
    time: at,
    subject: wait.callSid,
    data,
  });
  return { subject: contract.subjectFor(wait.tenantId), tenantId: wait.tenantId, event };
}

const waitData = ({ wait, at }: { wait: WaitRef; at: Date }) => ({ ...wait, occurredAt: at.toISOString() });

/**
 * A routing aggregate's event as the integration event of the same name, an outbox row (written in
 * the transaction that saves the aggregate).
 */
export function routingOutboxEntry(event: RoutingEvent): OutboxEntry {
  switch (event.type) {
    case 'offer-made':
    case 'offer-accepted': {
      const { offerId, agentId, attempt } = event;
      const contract = event.type === 'offer-made' ? OfferMadeV1 : OfferAcceptedV1;
      return entry(contract, event.wait, event.at, { ...waitData(event), offerId, agentId, attempt });
    }
    case 'offer-missed': {
      const { offerId, agentId, attempt, reason } = event;
      return entry(OfferMissedV1, event.wait, event.at, {
        ...waitData(event),
        offerId,
        agentId,
        attempt,
        reason,
      });
    }
    case 'call-answered':
    case 'call-abandoned':
    case 'call-timed-out': {
      const contract = {
        'call-answered': CallAnsweredV1,
        'call-abandoned': CallAbandonedV1,
        'call-timed-out': CallTimedOutV1,
      }[event.type];
      const { agentId, waitedSeconds } = event;
      return entry(contract, event.wait, event.at, { ...waitData(event), agentId, waitedSeconds });
    }
  }
}
