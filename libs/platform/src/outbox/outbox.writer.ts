import type { EntityManager } from '@mikro-orm/postgresql';
import type { CloudEvent } from '@tp/contracts';
import { executeBound, qualifiedTable } from '../persistence/sql';
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

/**
 * Inserts many outbox rows with one statement inside the transaction of `tx` (for batch jobs such
 * as the expiry scheduler, where a unit of work per row would be too slow).
 */
export async function insertOutboxRows(
  tx: EntityManager,
  schema: string,
  entries: readonly OutboxEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map(({ subject, tenantId, event }) => ({
    event_id: event.id,
    subject,
    type: event.type,
    tenant_id: tenantId,
    payload: event,
    created_at: event.time,
  }));
  await executeBound(
    tx,
    `insert into ${qualifiedTable(schema, 'outbox_message')} (event_id, subject, type, tenant_id, payload, created_at)
     select event_id, subject, type, tenant_id, payload, created_at
       from jsonb_to_recordset(?::jsonb)
         as v(event_id uuid, subject text, type text, tenant_id text, payload jsonb, created_at timestamptz)`,
    [JSON.stringify(rows)],
  );
}

/**
 * The same insert as {@link insertOutboxRows}, as a statement fragment for a caller that writes its
 * state change and its events in one statement (a data-modifying CTE, so one round trip and no
 * explicit transaction): `insert ... select ... from jsonb_to_recordset($<param>::jsonb)` plus the
 * caller's `where`. Pass {@link outboxRowsJson} of the entries as that parameter.
 */
export function outboxInsertSql(schema: string, param: number, where = ''): string {
  return `insert into ${qualifiedTable(schema, 'outbox_message')} (event_id, subject, type, tenant_id, payload, created_at)
     select event_id, subject, type, tenant_id, payload, created_at
       from jsonb_to_recordset($${param}::jsonb)
         as v(event_id uuid, subject text, type text, tenant_id text, payload jsonb, created_at timestamptz) ${where}`;
}

/** The parameter of {@link outboxInsertSql}. */
export function outboxRowsJson(entries: readonly OutboxEntry[]): string {
  return JSON.stringify(
    entries.map(({ subject, tenantId, event }) => ({
      event_id: event.id,
      subject,
      type: event.type,
      tenant_id: tenantId,
      payload: event,
      created_at: event.time,
    })),
  );
}
