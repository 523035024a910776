import { randomUUID } from 'node:crypto';
import { EntityManager, LockWaitTimeoutException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SessionTurn } from '@tp/contracts';
import {
  FlowSession,
  FlowSessionChangedConcurrently,
  FlowSessionRepository,
  type AgentLogin,
  type FlowSessionStatus,
  type SessionActivity,
  type SessionOutcome,
} from '@tp/flow-domain';
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
 * and the agent's last login is written in the same transaction.
 */
@Injectable()
export class MikroOrmFlowSessionRepository extends FlowSessionRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  nextId(): string {
    return randomUUID();
  }

  async findByCallSid(tenantId: string, callSid: string): Promise<FlowSession | null> {
    const [row] = await this.em
      .fork()
      .execute<SessionRow[]>(`select ${COLUMNS} from ${SESSION} where tenant_id = ? and call_sid = ?`, [
        tenantId,
        callSid,
      ]);
    return row ? toSession(row) : null;
  }

  async insertOrGet(session: FlowSession): Promise<FlowSession> {
    const s = session.toSnapshot();
    const inserted = await this.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<unknown[]>(
        `insert into ${SESSION} (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?)
         on conflict (tenant_id, call_sid) do nothing returning 1`,
        [
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
      );
      if (rows.length === 1) await this.writeLogins(tx, session);
      return rows.length === 1;
    });
    if (inserted) {
      session.pullEvents();
      return FlowSession.restore(s);
    }
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
      const { result, session } = await this.em.fork().transactional(async (tx) => {
        await tx.execute(`set local lock_timeout = '${LOCK_TIMEOUT_MS}ms'`);
        const [row] = await tx.execute<SessionRow[]>(
          `select ${COLUMNS} from ${SESSION} where id = ? and tenant_id = ? for update`,
          [sessionId, tenantId],
        );
        const found = row ? toSession(row) : null;
        const outcome = await work(found);
        if (found !== null && found.turn !== found.storedTurn) {
          const s = found.toSnapshot();
          const written = await tx.execute<unknown[]>(
            `update ${SESSION} set ivr = ?::jsonb, waiting_at = ?, turn = ?, replies = ?::jsonb, status = ?, outcome = ?, updated_at = ?
              where id = ? and turn = ? returning 1`,
            [
              s.ivr === null ? null : JSON.stringify(s.ivr),
              s.waitingAt,
              s.turn,
              JSON.stringify(s.replies),
              s.status,
              s.outcome,
              s.updatedAt,
              s.id,
              found.storedTurn,
            ],
          );
          if (written.length !== 1) throw new FlowSessionChangedConcurrently(s.id, found.storedTurn);
          await this.writeLogins(tx, found);
        }
        return { result: outcome, session: found };
      });
      session?.pullEvents();
      return result;
    } catch (error) {
      if (error instanceof LockWaitTimeoutException) throw new FlowSessionChangedConcurrently(sessionId, -1);
      throw error;
    }
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
  private async writeLogins(tx: EntityManager, session: FlowSession): Promise<void> {
    for (const login of session.peekEvents()) {
      await tx.execute(
        `insert into ${LOGIN} as l (tenant_id, agent_id, flow_id, flow_version, call_sid, logged_in_at)
         values (?, ?, ?, ?, ?, ?)
         on conflict (tenant_id, agent_id) do update
            set flow_id = excluded.flow_id, flow_version = excluded.flow_version,
                call_sid = excluded.call_sid, logged_in_at = excluded.logged_in_at
          where l.logged_in_at <= excluded.logged_in_at`,
        [login.tenantId, login.agentId, login.flowId, login.flowVersion, login.callSid, login.occurredAt],
      );
    }
  }
}
