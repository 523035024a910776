import type { EntityManager } from '@mikro-orm/postgresql';
import type { CloudEvent } from '@tp/contracts';
import { OutboxMessageRecord } from './outbox-message.record';

export interface OutboxEntry {
  subject: string;
  tenantId: string;
  event: CloudEvent;
}

/**
 * Adds integration events to the unit of work of `em`: they are inserted by the same flush (the
 * same transaction) as the aggregate's new state. Nothing is published here.
 */
export function addToOutbox(em: EntityManager, entries: readonly OutboxEntry[]): OutboxMessageRecord[] {
  return entries.map(({ subject, tenantId, event }) => {
    const record = em.create(OutboxMessageRecord, {
      eventId: event.id,
      subject,
      type: event.type,
      tenantId,
      payload: event,
      createdAt: new Date(event.time),
      sentAt: null,
      attempts: 0,
      lastError: null,
    });
    em.persist(record);
    return record;
  });
}
