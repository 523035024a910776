import { EntitySchema, type EntityManager } from '@mikro-orm/postgresql';

/** The inbox: which consumer already applied which event id. */
export class ProcessedEventRecord {
  consumer!: string;
  eventId!: string;
  processedAt!: Date;
}

export const ProcessedEventSchema = new EntitySchema<ProcessedEventRecord>({
  class: ProcessedEventRecord,
  tableName: 'processed_event',
  properties: {
    consumer: { type: 'string', length: 128, primary: true },
    eventId: { type: 'string', length: 64, primary: true },
    processedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});

/**
 * Runs `effect` once per (consumer, event id): the inbox row and the effect commit in one
 * transaction, so a redelivered or duplicated event is skipped and a failed effect leaves no mark.
 * Returns false when the event had been applied already.
 */
export async function applyOnce(
  em: EntityManager,
  consumer: string,
  eventId: string,
  effect: (tx: EntityManager) => Promise<void>,
): Promise<boolean> {
  return em.fork().transactional(async (tx) => {
    const meta = tx.getMetadata().get(ProcessedEventRecord.name);
    const table = `"${meta.schema ?? tx.config.get('schema')}"."${meta.tableName}"`;
    const inserted = await tx.execute<{ event_id: string }[]>(
      `insert into ${table} (consumer, event_id, processed_at) values (?, ?, now())
         on conflict do nothing returning event_id`,
      [consumer, eventId],
    );
    if (inserted.length === 0) return false;
    await effect(tx);
    return true;
  });
}
