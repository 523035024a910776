import type { EntityManager } from '@mikro-orm/postgresql';
import { escapeLiteral } from 'pg';

/** One statement: a name (prepared once per connection), its SQL with `$n` parameters, its values. */
export interface PgStatement {
  /** Unique per SQL text in the process (node-postgres refuses one name for two texts). */
  readonly name: string;
  readonly text: string;
  readonly values: readonly unknown[];
}

/** Runs statements on one connection (a transaction's, or a connection borrowed for one statement). */
export interface PgQueries {
  query<R>(statement: PgStatement): Promise<R[]>;
}

/** The parts of a node-postgres client used here (a connection of MikroORM's own pool). */
interface PgConnection {
  query(
    query: string | { name: string; text: string; values: unknown[] },
  ): Promise<{ rows: unknown[] } | { rows: unknown[] }[]>;
}
interface KnexPool {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/** PostgreSQL's `lock_not_available` (a `lock_timeout` ran out). */
export const PG_LOCK_NOT_AVAILABLE = '55P03';

/** The SQLSTATE of a PostgreSQL error, if it is one. */
export function pgErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The hot path's SQL (a webhook's turn): named prepared statements on a connection of MikroORM's
 * pool, without the query builder, the unit of work or a forked entity manager. PostgreSQL parses
 * and plans each statement once per connection; a transaction costs one round trip to open
 * (`begin` and any `set local` sent together) and one to commit. Everything else keeps MikroORM.
 * Column values come back as node-postgres returns them on MikroORM's connections (timestamps as
 * strings, jsonb parsed).
 */
export class PgStatements {
  constructor(private readonly em: EntityManager) {}

  /** One statement on a connection borrowed for it (autocommit). */
  async query<R>(statement: PgStatement): Promise<R[]> {
    const pool = this.pool();
    const connection = await pool.acquireConnection();
    try {
      return (await run(connection, statement)) as R[];
    } finally {
      await pool.releaseConnection(connection);
    }
  }

  /**
   * `work` inside one transaction on one connection: committed when it resolves, rolled back when
   * it throws (the error is rethrown). `setLocal` are trusted `set local ...` settings sent with
   * the `begin`, e.g. `lock_timeout = '3000ms'`.
   */
  async transaction<T>(work: (tx: PgQueries) => Promise<T>, setLocal: readonly string[] = []): Promise<T> {
    return this.transactionFrom(null, (_rows, tx) => work(tx), setLocal);
  }

  /**
   * As {@link transaction}, with the transaction's first statement sent together with its `begin`
   * (one round trip for both): its parameters are inlined as literals (strings and finite numbers
   * only), so it is parsed each time rather than prepared. `work` gets its rows.
   */
  async transactionFrom<R, T>(
    first: PgStatement | null,
    work: (rows: R[], tx: PgQueries) => Promise<T>,
    setLocal: readonly string[] = [],
  ): Promise<T> {
    const pool = this.pool();
    const connection = await pool.acquireConnection();
    try {
      const opening = ['begin', ...setLocal.map((s) => `set local ${s}`)];
      if (first !== null) opening.push(inlined(first));
      let result: T;
      try {
        // a failure of the first statement leaves the transaction open (aborted): rolled back below
        const answers = await connection.query(opening.join('; '));
        const rows = (
          first === null ? [] : (answers as { rows: unknown[] }[])[opening.length - 1].rows
        ) as R[];
        result = await work(rows, { query: async <Q>(s: PgStatement) => (await run(connection, s)) as Q[] });
      } catch (error) {
        await connection.query('rollback').catch(() => undefined);
        throw error;
      }
      await connection.query('commit');
      return result;
    } finally {
      await pool.releaseConnection(connection);
    }
  }

  private pool(): KnexPool {
    return this.em.getConnection().getKnex().client as KnexPool;
  }
}

async function run(connection: PgConnection, s: PgStatement): Promise<unknown[]> {
  return (
    (await connection.query({ name: s.name, text: s.text, values: [...s.values] })) as { rows: unknown[] }
  ).rows;
}

/** A statement's text with `$n` replaced by its values as SQL literals (strings, finite numbers). */
function inlined(s: PgStatement): string {
  return s.text.replace(/\$(\d+)/g, (_match, n: string) => {
    const value = s.values[Number(n) - 1];
    if (typeof value === 'string') return escapeLiteral(value);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    throw new Error(`${s.name}: parameter $${n} cannot be inlined`);
  });
}
