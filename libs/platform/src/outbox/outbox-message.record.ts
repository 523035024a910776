import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * One integration event waiting to be relayed to JetStream. Written in the same flush as the
 * state change it describes, so an event exists exactly when its change was committed.
 */
export class OutboxMessageRecord {
  /** Insertion order: the relay publishes in this order. */
  id!: string;
  /** The CloudEvents id, also the `Nats-Msg-Id` that lets JetStream drop a republished event. */
  eventId!: string;
  subject!: string;
  type!: string;
  tenantId!: string;
  payload!: Record<string, unknown>;
  createdAt!: Date;
  sentAt: Date | null = null;
  attempts = 0;
  lastError: string | null = null;
}

export const OutboxMessageSchema = new EntitySchema<OutboxMessageRecord>({
  class: OutboxMessageRecord,
  tableName: 'outbox_message',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    eventId: { type: 'uuid', unique: true },
    subject: { type: 'string', length: 255 },
    type: { type: 'string', length: 255 },
    tenantId: { type: 'string', length: 63 },
    payload: { type: 'json' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    sentAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    attempts: { type: 'integer', default: 0 },
    lastError: { type: 'text', nullable: true },
  },
  // The relay asks for `sent_at is null order by id`. A partial index holds only the unsent rows, so
  // a claim reads its batch and nothing else; on (sent_at, id) the planner walked the primary key
  // past every row ever sent (they are kept), which made each claim slower as the table grew.
  indexes: [
    {
      name: 'outbox_message_pending_idx',
      expression: (table, columns, name) =>
        `create index "${name}" on "${table.schema}"."${table.name}" ("${columns.id}") where "${columns.sentAt}" is null`,
    },
  ],
});
