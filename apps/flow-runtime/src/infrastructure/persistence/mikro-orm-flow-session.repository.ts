import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SessionTurn } from '@tp/contracts';
import {
  FlowSession,
  FlowSessionChangedConcurrently,
  FlowSessionRepository,
  type AgentLoggedIn,
  type AgentLogin,
  type FlowSessionStatus,
  type SessionActivity,
  type SessionOutcome,
} from '@tp/flow-domain';
import { PG_LOCK_NOT_AVAILABLE, pgErrorCode, PgStatements, type PgQueries } from '@tp/platform';
import type { IvrSnapshot } from '@tp/timed-presence-domain';

const SESSION = '"flow_runtime"."flow_session"';
const LOGIN = '"flow_runtime"."agent_login"';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * How long a turn waits for another replica working on the same session (the same keys delivered
 * twice). The other one holds the row for at most one turn's deadline.
 */
const LOCK_TIMEOUT_MS = 3000;

interface SessionRow {
  id: string;
  tenant_id: string;
  flow_id: string;
  flow_version: number;
  call_sid: string;
  caller_user_id: string | null;
  activity: SessionActivity;
  ivr: IvrSnapshot | null;
  waiting_at: string | null;
  turn: number;
  replies: SessionTurn[];
  status: FlowSessionStatus;
  outcome: SessionOutcome | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, tenant_id, flow_id, flow_version, call_sid, caller_user_id, activity, ivr, waiting_at, turn, replies, status, outcome, created_at, updated_at';

/** The hot path's statements (prepared once per connection; see {@link PgStatements}). */
const BY_CALL_SID = {
  name: 'flow_runtime_session_by_call_sid',
  text: `select ${COLUMNS} from ${SESSION} where tenant_id = $1 and call_sid = $2`,
};
const INSERT_VALUES = `insert into ${SESSION} (${COLUMNS}) values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb, $12, $13, $14, $15)
         on conflict (tenant_id, call_sid) do nothing`;
const INSERT = { name: 'flow_runtime_session_insert', text: `${INSERT_VALUES} returning 1` };
/**
 * A first turn's session: inserted, or else the call's session already stored, in one round trip.
 * Always one row: `inserted` 1, or 0 with the stored row (or, when that row was committed after
 * this statement began and so is not in its snapshot, 0 with nulls: read it again).
 */
const INSERT_OR_GET = {
  name: 'flow_runtime_session_insert_or_get',
  text: `with ins as (${INSERT_VALUES} returning 1)
         select (select count(*) from ins)::int as inserted, s.*
           from (select 1) one
           left join (select ${COLUMNS} from ${SESSION} where tenant_id = $2 and call_sid = $5) s
             on not exists (select 1 from ins)`,
};
const LOCK = {
  name: 'flow_runtime_session_lock',
  text: `select ${COLUMNS} from ${SESSION} where id = $1 and tenant_id = $2 for update`,
};
const UPDATE = {
  name: 'flow_runtime_session_update',
  text: `update ${SESSION} set ivr = $1::jsonb, waiting_at = $2, turn = $3, replies = $4::jsonb, status = $5, outcome = $6, updated_at = $7
          where id = $8 and turn = $9 returning 1`,
};
const LOGIN_UPSERT = `insert into ${LOGIN} as l (tenant_id, agent_id, flow_id, flow_version, call_sid, logged_in_at)`;
const LOGIN_NEWER = `on conflict (tenant_id, agent_id) do update
            set flow_id = excluded.flow_id, flow_version = excluded.flow_version,
                call_sid = excluded.call_sid, logged_in_at = excluded.logged_in_at
          where l.logged_in_at <= excluded.logged_in_at`;
const WRITE_LOGIN = {
  name: 'flow_runtime_login_write',
  text: `${LOGIN_UPSERT} values ($1, $2, $3, $4, $5, $6) ${LOGIN_NEWER}`,
};
/** A turn that logs the agent in: the session's update and the login in one statement. */
const UPDATE_WITH_LOGIN = {
  name: 'flow_runtime_session_update_with_login',
  text: `with s as (
           update ${SESSION} set ivr = $1::jsonb, waiting_at = $2, turn = $3, replies = $4::jsonb, status = $5, outcome = $6, updated_at = $7
            where id = $8 and turn = $9 returning 1
         ), l as (
           ${LOGIN_UPSERT}
           select $10::varchar, $11::varchar, $12::uuid, $13::int, $14::varchar, $15::timestamptz where exists (select 1 from s)
           ${LOGIN_NEWER}
         )
         select 1 from s`,
};

function toSession(row: SessionRow): FlowSession {
  return FlowSession.restore({
    id: row.id,
    tenantId: row.tenant_id,
    flowId: row.flow_id,
    flowVersion: Number(row.flow_version),
    callSid: row.call_sid,
    callerUserId: row.caller_user_id,
    activity: row.activity,
    ivr: row.ivr,
    waitingAt: row.waiting_at,
    turn: Number(row.turn),
    replies: row.replies,
    status: row.status,
    outcome: row.outcome,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  });
}

/**
 * Flow sessions in PostgreSQL. A turn is worked out inside one transaction that holds the session's
 * row lock (`select … for update`): a second delivery of the same keys, on any replica, waits and
 * then finds the turn answered. The update is also guarded by the turn it read (belt and braces),
 * and the agent's last login is written in the same transaction (in the same statement).
 *
 * The statements of a call's turns run as prepared statements on MikroORM's pool
 * ({@link PgStatements}): a turn is three round trips (`begin` with its lock timeout and the
 * locked read, the write, `commit`), a first turn one (ADR 13, ADR 30).
 */
@Injectable()
export class MikroOrmFlowSessionRepository extends FlowSessionRepository {
  private readonly sql: PgStatements;

  constructor(private readonly em: EntityManager) {
    super();
    this.sql = new PgStatements(em);
  }

  nextId(): string {
    return randomUUID();
  }

  async findByCallSid(tenantId: string, callSid: string): Promise<FlowSession | null> {
    const [row] = await this.sql.query<SessionRow>({ ...BY_CALL_SID, values: [tenantId, callSid] });
    return row ? toSession(row) : null;
  }

  async insertOrGet(session: FlowSession): Promise<FlowSession> {
    const s = session.toSnapshot();
    const insert = {
      ...INSERT,
      values: [
        s.id,
        s.tenantId,
        s.flowId,
        s.flowVersion,
        s.callSid,
        s.callerUserId,
        s.activity,
        s.ivr === null ? null : JSON.stringify(s.ivr),
        s.waitingAt,
        s.turn,
        JSON.stringify(s.replies),
        s.status,
        s.outcome,
        s.createdAt,
        s.updatedAt,
      ],
    };
    // One statement is atomic by itself; a session that logs someone in already writes the login too.
    let stored: FlowSession | null = null;
    let inserted: boolean;
    if (session.peekEvents().length === 0) {
      const [row] = await this.sql.query<{ inserted: number } & Partial<SessionRow>>({
        ...INSERT_OR_GET,
        values: insert.values,
      });
      inserted = row?.inserted === 1;
      if (!inserted && row?.id != null) stored = toSession(row as SessionRow);
    } else {
      inserted = await this.sql.transaction(async (tx) => {
        const rows = await tx.query(insert);
        if (rows.length === 1) await this.writeLogins(tx, session);
        return rows.length === 1;
      });
    }
    if (inserted) {
      session.pullEvents();
      return FlowSession.restore(s);
    }
    if (stored !== null) return stored;
    const existing = await this.findByCallSid(s.tenantId, s.callSid);
    if (existing === null) throw new FlowSessionChangedConcurrently(s.id, 0); // inserted and gone: cannot happen
    return existing;
  }

  async withSession<T>(
    tenantId: string,
    sessionId: string,
    work: (session: FlowSession | null) => Promise<T>,
  ): Promise<T> {
    if (!UUID.test(sessionId)) return work(null);
    try {
      // The locked read goes with the `begin`: a turn is three round trips (ADR 30).
      const { result, session } = await this.sql.transactionFrom<
        SessionRow,
        { result: T; session: FlowSession | null }
      >(
        { ...LOCK, values: [sessionId, tenantId] },
        async ([row], tx) => {
          const found = row ? toSession(row) : null;
          const outcome = await work(found);
          if (found !== null && found.turn !== found.storedTurn) await this.update(tx, found);
          return { result: outcome, session: found };
        },
        [`lock_timeout = '${LOCK_TIMEOUT_MS}ms'`],
      );
      session?.pullEvents();
      return result;
    } catch (error) {
      if (pgErrorCode(error) === PG_LOCK_NOT_AVAILABLE)
        throw new FlowSessionChangedConcurrently(sessionId, -1);
      throw error;
    }
  }

  /** The turn's new state, guarded by the turn it was read at, and its login if it has one. */
  private async update(tx: PgQueries, session: FlowSession): Promise<void> {
    const s = session.toSnapshot();
    const values = [
      s.ivr === null ? null : JSON.stringify(s.ivr),
      s.waitingAt,
      s.turn,
      JSON.stringify(s.replies),
      s.status,
      s.outcome,
      s.updatedAt,
      s.id,
      session.storedTurn,
    ];
    const logins = session.peekEvents();
    const [only] = logins;
    const written =
      logins.length === 1
        ? await tx.query({ ...UPDATE_WITH_LOGIN, values: [...values, ...loginValues(only)] })
        : await tx.query({ ...UPDATE, values });
    if (written.length !== 1) throw new FlowSessionChangedConcurrently(s.id, session.storedTurn);
    if (logins.length > 1) await this.writeLogins(tx, session);
  }

  async lastLogin(tenantId: string, agentId: string): Promise<AgentLogin | null> {
    const [row] = await this.em
      .fork()
      .execute<{ flow_id: string; flow_version: number; call_sid: string; logged_in_at: Date }[]>(
        `select flow_id, flow_version, call_sid, logged_in_at from ${LOGIN} where tenant_id = ? and agent_id = ?`,
        [tenantId, agentId],
      );
    return row
      ? {
          tenantId,
          agentId,
          flowId: row.flow_id,
          flowVersion: Number(row.flow_version),
          callSid: row.call_sid,
          loggedInAt: new Date(row.logged_in_at),
        }
      : null;
  }

  /** The agents' last logins, never moved back by a login of an older call finishing late. */
  private async writeLogins(tx: PgQueries, session: FlowSession): Promise<void> {
    for (const login of session.peekEvents()) await tx.query({ ...WRITE_LOGIN, values: loginValues(login) });
  }
}

function loginValues(login: AgentLoggedIn): unknown[] {
  return [login.tenantId, login.agentId, login.flowId, login.flowVersion, login.callSid, login.occurredAt];
}
