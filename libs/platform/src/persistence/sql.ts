import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/** Quotes a schema-qualified table name built from trusted metadata. */
export function qualifiedTable(schema: string, table: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema) || !/^[a-z_][a-z0-9_]*$/.test(table)) {
    throw new Error(`unsafe identifier ${schema}.${table}`);
  }
  return `"${schema}"."${table}"`;
}

/**
 * Runs one statement with its parameters bound by PostgreSQL (`$1, $2, …`), inside the transaction
 * of `em` when it has one, and returns the rows. `em.execute` formats parameters into the SQL text
 * on the client, character by character: about 50 ms of CPU for a 1000-row JSON document. Batch
 * statements (`jsonb_to_recordset(?::jsonb)`) use this instead.
 */
export async function executeBound<T>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[],
): Promise<T[]> {
  const query = em
    .getConnection()
    .getKnex()
    .raw(sql, params as Knex.RawBinding[]);
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (trx) query.transacting(trx);
  const result = (await query) as { rows: T[] };
  return result.rows;
}
