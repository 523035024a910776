import type { EntityManager } from '@mikro-orm/postgresql';
import { executeBound } from '@tp/platform';
import { SessionRecord, type SessionRecordProps } from '@tp/timed-presence-domain';
import type { SessionFilter, SessionKey } from '../../application/session-records/session-records.port';

const TABLE = '"presence"."agent_session"';
const COLUMNS = `id, tenant_id, agent_id, started_at, via, first_planned_end_at, planned_end_at, ended_at, end_reason,
  last_sequence, break_count, break_ms, on_break_since, calls, talk_ms, busy_since, offers_made, offers_accepted,
  offers_missed, missed_by_reason`;

export interface AgentSessionRow {
  id: string;
  tenant_id: string;
  agent_id: string;
  started_at: Date;
  via: SessionRecordProps['via'];
  first_planned_end_at: Date;
  planned_end_at: Date;
  ended_at: Date | null;
  end_reason: SessionRecordProps['endReason'];
  last_sequence: number;
  break_count: number;
  break_ms: string | number;
  on_break_since: Date | null;
  calls: number;
  talk_ms: string | number;
  busy_since: Date | null;
  offers_made: number;
  offers_accepted: number;
  offers_missed: number;
  missed_by_reason: Record<string, number>;
}

const date = (d: Date | string | null) => (d === null ? null : new Date(d));

export function restoreSession(row: AgentSessionRow): SessionRecord {
  return SessionRecord.restore({
    id: row.id,
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    startedAt: new Date(row.started_at),
    via: row.via,
    firstPlannedEndAt: new Date(row.first_planned_end_at),
    plannedEndAt: new Date(row.planned_end_at),
    endedAt: date(row.ended_at),
    endReason: row.end_reason,
    lastSequence: Number(row.last_sequence),
    breakCount: Number(row.break_count),
    breakMs: Number(row.break_ms),
    onBreakSince: date(row.on_break_since),
    calls: Number(row.calls),
    talkMs: Number(row.talk_ms),
    busySince: date(row.busy_since),
    offersMade: Number(row.offers_made),
    offersAccepted: Number(row.offers_accepted),
    offersMissed: Number(row.offers_missed),
    missedByReason: row.missed_by_reason ?? {},
  });
}

function values(p: SessionRecordProps): unknown[] {
  return [
    p.id,
    p.tenantId,
    p.agentId,
    p.startedAt,
    p.via,
    p.firstPlannedEndAt,
    p.plannedEndAt,
    p.endedAt,
    p.endReason,
    p.lastSequence,
    p.breakCount,
    p.breakMs,
    p.onBreakSince,
    p.calls,
    p.talkMs,
    p.busySince,
    p.offersMade,
    p.offersAccepted,
    p.offersMissed,
    JSON.stringify(p.missedByReason),
  ];
}

/** The session records in PostgreSQL, in the caller's transaction (`tx`). */
export const AgentSessionStore = {
  /** The agent's latest session, locked for the change being applied. */
  async latest(tx: EntityManager, tenantId: string, agentId: string): Promise<SessionRecord | null> {
    const [row] = await executeBound<AgentSessionRow>(
      tx,
      `select ${COLUMNS} from ${TABLE} where tenant_id = ? and agent_id = ?
        order by started_at desc, id desc limit 1 for update`,
      [tenantId, agentId],
    );
    return row ? restoreSession(row) : null;
  },

  /** The agent's session that `at` falls in (the latest that started by then), locked. */
  async covering(
    tx: EntityManager,
    tenantId: string,
    agentId: string,
    at: Date,
  ): Promise<SessionRecord | null> {
    const [row] = await executeBound<AgentSessionRow>(
      tx,
      `select ${COLUMNS} from ${TABLE} where tenant_id = ? and agent_id = ? and started_at <= ?
        order by started_at desc, id desc limit 1 for update`,
      [tenantId, agentId, at],
    );
    const record = row ? restoreSession(row) : null;
    return record?.covers(at) ? record : null;
  },

  async insert(tx: EntityManager, record: SessionRecord): Promise<void> {
    await executeBound(
      tx,
      `insert into ${TABLE} (${COLUMNS}) values (${Array(20).fill('?').join(', ')})`,
      values(record.toSnapshot()),
    );
  },

  async update(tx: EntityManager, record: SessionRecord): Promise<void> {
    const v = values(record.toSnapshot());
    await executeBound(
      tx,
      `update ${TABLE} set planned_end_at = ?, ended_at = ?, end_reason = ?, last_sequence = ?, break_count = ?,
          break_ms = ?, on_break_since = ?, calls = ?, talk_ms = ?, busy_since = ?, offers_made = ?,
          offers_accepted = ?, offers_missed = ?, missed_by_reason = ?::jsonb
        where id = ?`,
      [...v.slice(6), v[0]],
    );
  },

  /**
   * One page of a tenant's sessions, newest first (started_at, then id, descending), optionally of
   * one agent and started in [from, to), after `after`.
   */
  async list(
    em: EntityManager,
    filter: SessionFilter,
    limit: number,
    after: SessionKey | null,
  ): Promise<SessionRecord[]> {
    const where = ['tenant_id = ?'];
    const params: unknown[] = [filter.tenantId];
    const and = (condition: string, ...values: unknown[]) => {
      where.push(condition);
      params.push(...values);
    };
    if (filter.agentId !== undefined) and('agent_id = ?', filter.agentId);
    if (filter.from !== undefined) and('started_at >= ?', filter.from);
    if (filter.to !== undefined) and('started_at < ?', filter.to);
    if (after !== null) and('(started_at, id) < (?, ?)', after.startedAt, after.id);
    const rows = await executeBound<AgentSessionRow>(
      em,
      `select ${COLUMNS} from ${TABLE} where ${where.join(' and ')} order by started_at desc, id desc limit ?`,
      [...params, limit],
    );
    return rows.map(restoreSession);
  },
};
