import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OutboxRelayService, outboxInsertSql, outboxRowsJson, PgStatements } from '@tp/platform';
import {
  AgentPresence,
  PresenceChangedConcurrently,
  PresenceRepository,
  type AgentPresenceProps,
  type SessionOrigin,
} from '@tp/timed-presence-domain';
import { presenceOutboxEntry } from '../messaging/presence-event.envelope';
import {
  endSessionsSql,
  openSessionsSql,
  sessionChanges,
  type Ending,
  type Opening,
} from './timed-sessions.sql';

const TABLE = '"presence"."agent_presence"';

export interface PresenceRow {
  tenant_id: string;
  agent_id: string;
  state: AgentPresenceProps['state'];
  expires_at: Date | null;
  break_ends_at: Date | null;
  sequence: number;
  last_reason: AgentPresenceProps['lastReason'];
  changed_at: Date | null;
  expired_while_busy: boolean;
}

export const PRESENCE_COLUMNS =
  'tenant_id, agent_id, state, expires_at, sequence, last_reason, changed_at, expired_while_busy, break_ends_at';

export function restorePresence(row: PresenceRow): AgentPresence {
  return AgentPresence.restore({
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    state: row.state,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    breakEndsAt: row.break_ends_at == null ? null : new Date(row.break_ends_at),
    sequence: Number(row.sequence),
    lastReason: row.last_reason,
    changedAt: row.changed_at === null ? null : new Date(row.changed_at),
    expiredWhileBusy: row.expired_while_busy,
  });
}

const FIND = {
  name: 'presence_find',
  text: `select ${PRESENCE_COLUMNS} from ${TABLE} where tenant_id = $1 and agent_id = $2`,
};
const WROTE = 'exists (select 1 from p)';
const OPEN_SESSIONS = { name: 'presence_open_sessions', text: openSessionsSql('$1') };

/**
 * The statement of a save: the state (a first row, or an update guarded by the sequence it was read
 * at) and, only if that wrote, the sessions it ends and opens and its outbox rows, as
 * data-modifying CTEs of one statement (atomic by itself, all or nothing; a session ended and
 * one opened in one save need two, see `save`). Its text depends only on
 * which parts it has, so each shape is prepared once per connection.
 */
function saveStatement(
  presence: AgentPresenceProps,
  expected: number,
  endings: readonly Ending[],
  openings: readonly Opening[],
  outbox: string,
): { name: string; text: string; values: unknown[] } {
  const s = presence;
  const values: unknown[] = [
    s.tenantId,
    s.agentId,
    s.state,
    s.expiresAt,
    s.sequence,
    s.lastReason,
    s.changedAt,
    s.expiredWhileBusy,
    s.breakEndsAt,
  ];
  const param = (value: unknown) => `$${values.push(value)}`;
  const first = expected === 0;
  const parts = [
    first
      ? `p as (insert into ${TABLE} (${PRESENCE_COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           on conflict do nothing returning 1)`
      : `p as (update ${TABLE} set state = $3, expires_at = $4, sequence = $5, last_reason = $6, changed_at = $7,
                  expired_while_busy = $8, break_ends_at = $9
            where tenant_id = $1 and agent_id = $2 and sequence = ${param(expected)} returning 1)`,
  ];
  if (endings.length > 0)
    parts.push(`e as (${endSessionsSql(param(JSON.stringify(endings)), `and ${WROTE}`)})`);
  if (openings.length > 0)
    parts.push(`o as (${openSessionsSql(param(JSON.stringify(openings)), `where ${WROTE}`)})`);
  const outboxParam = values.push(outbox);
  parts.push(`x as (${outboxInsertSql('presence', outboxParam, `where ${WROTE}`)})`);
  return {
    name: `presence_save_${first ? 'first' : 'next'}${endings.length > 0 ? '_ends' : ''}${openings.length > 0 ? '_opens' : ''}`,
    text: `with ${parts.join(', ')} select 1 from p`,
    values,
  };
}

/**
 * Presence in PostgreSQL. A save is one statement (two in a transaction when it replaces a window): the new state (only if the stored sequence is
 * still the one the aggregate was read with: optimistic concurrency), the timed session history,
 * and the events in the outbox. The relay is kicked after it. Reads and saves are on the path of
 * the agent's login call: prepared statements ({@link PgStatements}), two round trips for a login.
 */
@Injectable()
export class MikroOrmPresenceRepository extends PresenceRepository {
  private readonly sql: PgStatements;

  constructor(
    em: EntityManager,
    private readonly relay: OutboxRelayService,
  ) {
    super();
    this.sql = new PgStatements(em);
  }

  async find(tenantId: string, agentId: string): Promise<AgentPresence | null> {
    const [row] = await this.sql.query<PresenceRow>({ ...FIND, values: [tenantId, agentId] });
    return row ? restorePresence(row) : null;
  }

  async save(presence: AgentPresence, origin?: SessionOrigin): Promise<void> {
    const events = presence.peekEvents();
    const expected = presence.sequence - events.length;
    const s = presence.toSnapshot();
    if (expected === 0 && events.length === 0) return; // an agent who never had presence, unchanged
    const { endings, openings } = sessionChanges(events, origin);
    const outbox = outboxRowsJson(events.map(presenceOutboxEntry));
    // A window replaced by the next (ends one session, opens another): the CTEs of one statement
    // all see the same snapshot, so the unique open session per agent needs the end to come first.
    const written =
      endings.length > 0 && openings.length > 0
        ? await this.sql.transaction(async (tx) => {
            const rows = await tx.query(saveStatement(s, expected, endings, [], outbox));
            if (rows.length === 1) await tx.query({ ...OPEN_SESSIONS, values: [JSON.stringify(openings)] });
            return rows;
          })
        : await this.sql.query(saveStatement(s, expected, endings, openings, outbox));
    if (written.length !== 1) throw new PresenceChangedConcurrently(s.tenantId, s.agentId, expected);
    presence.pullEvents();
    this.relay.kick();
  }
}
