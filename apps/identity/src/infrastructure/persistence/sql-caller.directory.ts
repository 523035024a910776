import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { CallerDirectory, type CallerProfile, type SkillProps, type UserStatus } from '@tp/identity-domain';
import { qualifiedTable } from '@tp/platform';

interface CallerRow {
  id: string;
  name: string;
  skills: SkillProps[];
  time_zone: string | null;
  status: UserStatus;
  has_pin: boolean;
}

/** The parts of a node-postgres client this adapter uses (a connection of MikroORM's own pool). */
interface PgConnection {
  query(query: { name: string; text: string; values: unknown[] }): Promise<{ rows: CallerRow[] }>;
}
interface KnexPool {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<void>;
}

/**
 * The caller lookup on the path of every agent call: one statement on the unique index of
 * `(tenant_id, number)` joined to the user's row, no entity hydration, no request context.
 *
 * It runs as a named prepared statement on a connection of MikroORM's pool (PostgreSQL parses and
 * plans it once per connection), bypassing the query builder: this is the hot path that
 * `bench/identity-lookup.bench.ts` measures.
 */
@Injectable()
export class SqlCallerDirectory extends CallerDirectory {
  private readonly text: string;
  private readonly name: string;

  constructor(private readonly em: EntityManager) {
    super();
    const schema = em.config.get('schema') ?? 'public';
    this.name = `${schema}_find_caller_by_pstn_number`;
    this.text = `select u.id, u.name, u.skills, u.time_zone, u.status, (u.pin_hash is not null) as has_pin
      from ${qualifiedTable(schema, 'user_extension')} e
      join ${qualifiedTable(schema, 'user_account')} u on u.id = e.user_id
      where e.tenant_id = $1 and e.number = $2 and e.type = 'pstn'`;
  }

  async findByPstnNumber(tenantId: string, e164: string): Promise<CallerProfile | null> {
    const pool = this.em.getConnection().getKnex().client as KnexPool;
    const connection = await pool.acquireConnection();
    let rows: CallerRow[];
    try {
      ({ rows } = await connection.query({ name: this.name, text: this.text, values: [tenantId, e164] }));
    } finally {
      await pool.releaseConnection(connection);
    }
    const row = rows[0];
    if (row === undefined) return null;
    return {
      userId: row.id,
      name: row.name,
      skills: row.skills,
      timeZone: row.time_zone,
      hasPin: row.has_pin,
      status: row.status,
    };
  }
}
