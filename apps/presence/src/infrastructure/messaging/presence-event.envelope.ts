import { randomUUID } from 'node:crypto';
import {
  AgentPresenceChangedV1,
  AgentWentOfflineV1,
  AgentWentOnlineV1,
  makeCloudEvent,
  type EventContract,
  type PresenceEventDataV1,
} from '@tp/contracts';
import type { OutboxEntry } from '@tp/platform';
import type { PresenceEvent } from '@tp/timed-presence-domain';

export const PRESENCE_EVENT_SOURCE = 'timed-presence/presence';

const CONTRACTS: Record<PresenceEvent['type'], EventContract<PresenceEventDataV1>> = {
  'agent-went-online': AgentWentOnlineV1,
  'agent-presence-changed': AgentPresenceChangedV1,
  'agent-went-offline': AgentWentOfflineV1,
};

/** A domain event as the integration event v1 that subscribers receive (CloudEvents envelope). */
export function presenceOutboxEntry(event: PresenceEvent): OutboxEntry {
  const contract = CONTRACTS[event.type];
  const envelope = makeCloudEvent(contract, {
    id: randomUUID(),
    source: PRESENCE_EVENT_SOURCE,
    time: event.occurredAt,
    subject: event.agentId,
    data: {
      tenantId: event.tenantId,
      agentId: event.agentId,
      state: event.state,
      expiresAt: event.expiresAt,
      breakEndsAt: event.breakEndsAt,
      reason: event.reason,
      sequence: event.sequence,
      occurredAt: event.occurredAt,
      ...(event.via === undefined ? {} : { via: event.via }),
    },
  });
  return { subject: contract.subjectFor(event.tenantId), tenantId: event.tenantId, event: envelope };
}
