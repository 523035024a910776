import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { PresenceView } from '@tp/contracts';
import { presenceView } from '../../application/change-presence';
import {
  PresenceReadModel,
  type Page,
  type TimedSessionView,
} from '../../application/ports/presence-read-model.port';
import { PRESENCE_COLUMNS, restorePresence, type PresenceRow } from './mikro-orm-presence.repository';

interface SessionRow {
  id: string;
  agent_id: string;
  hours: number;
  start_reason: string;
  call_sid: string | null;
  flow_id: string | null;
  started_at: Date;
  planned_end_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
}

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

@Injectable()
export class MikroOrmPresenceReadModel extends PresenceReadModel {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async listSignedIn(tenantId: string, limit: number, offset: number): Promise<Page<PresenceView>> {
    const em = this.em.fork();
    const [rows, [count]] = await Promise.all([
      em.execute<PresenceRow[]>(
        `select ${PRESENCE_COLUMNS} from "presence"."agent_presence"
          where tenant_id = ? and state <> 'offline' order by expires_at, agent_id limit ? offset ?`,
        [tenantId, limit, offset],
      ),
      em.execute<{ n: string }[]>(
        `select count(*) as n from "presence"."agent_presence" where tenant_id = ? and state <> 'offline'`,
        [tenantId],
      ),
    ]);
    return {
      items: rows.map((r) => presenceView(restorePresence(r))),
      total: Number(count?.n ?? 0),
      limit,
      offset,
    };
  }

  async sessions(
    tenantId: string,
    agentId: string,
    limit: number,
    offset: number,
  ): Promise<Page<TimedSessionView>> {
    const em = this.em.fork();
    const [rows, [count]] = await Promise.all([
      em.execute<SessionRow[]>(
        `select id, agent_id, hours, start_reason, call_sid, flow_id, started_at, planned_end_at, ended_at, end_reason
           from "presence"."timed_session" where tenant_id = ? and agent_id = ?
          order by started_at desc, id limit ? offset ?`,
        [tenantId, agentId, limit, offset],
      ),
      em.execute<{ n: string }[]>(
        `select count(*) as n from "presence"."timed_session" where tenant_id = ? and agent_id = ?`,
        [tenantId, agentId],
      ),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        agentId: r.agent_id,
        hours: r.hours,
        startReason: r.start_reason,
        callSid: r.call_sid,
        flowId: r.flow_id,
        startedAt: iso(r.started_at)!,
        plannedEndAt: iso(r.planned_end_at)!,
        endedAt: iso(r.ended_at),
        endReason: r.end_reason,
      })),
      total: Number(count?.n ?? 0),
      limit,
      offset,
    };
  }
}
