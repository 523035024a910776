import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_INFO, qualifiedTable, type AppInfo } from '@tp/platform';
import {
  QueueBoardReads,
  type EndedWaitCount,
  type WaitingCallLine,
} from '../../application/queue-board/queue-board.port';

/** At most this many waiting calls of a tenant are shown (the oldest, in offer order). */
const MAX_WAITING = 500;

interface WaitingRow {
  id: string;
  call_sid: string;
  queue_name: string;
  required_skills: string[];
  priority: number;
  enqueued_at: Date | string;
  deadline: Date | string;
  offer_id: string | null;
  agent_id: string | null;
  offer_status: 'placing' | 'ringing' | null;
  attempt: number | null;
  offered_at: Date | string | null;
}

interface EndedRow {
  skills: string[];
  names: string[];
  answered: string | number;
  abandoned: string | number;
  timed_out: string | number;
}

/**
 * The queue board's reads in PostgreSQL, read-only over `waiting_call` and `offer`: the waiting
 * calls through the partial index of waiting calls, the ended waits by the tenant's rows that ended
 * (or were accepted) since the period began.
 */
@Injectable()
export class PostgresQueueBoardReads extends QueueBoardReads {
  private readonly calls: string;
  private readonly offers: string;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
  ) {
    super();
    this.calls = qualifiedTable(app.schema, 'waiting_call');
    this.offers = qualifiedTable(app.schema, 'offer');
  }

  async waitingCalls(tenantId: string): Promise<WaitingCallLine[]> {
    const rows = await this.em.fork().execute<WaitingRow[]>(
      `select w.id, w.call_sid, w.queue_name, w.required_skills, w.priority, w.enqueued_at, w.deadline,
              o.id as offer_id, o.agent_id, o.status as offer_status, o.attempt, o.created_at as offered_at
         from ${this.calls} w
         left join ${this.offers} o
           on o.id = w.current_offer_id and o.tenant_id = w.tenant_id and o.status in ('placing', 'ringing')
        where w.tenant_id = ? and w.status in ('waiting', 'offering')
        order by w.priority desc, w.enqueued_at, w.id
        limit ${MAX_WAITING}`,
      [tenantId],
    );
    return rows.map((row) => ({
      id: row.id,
      callSid: row.call_sid,
      queueName: row.queue_name,
      requiredSkills: row.required_skills,
      priority: Number(row.priority),
      enqueuedAt: new Date(row.enqueued_at),
      deadline: new Date(row.deadline),
      offer:
        row.offer_id === null
          ? null
          : {
              id: row.offer_id,
              agentId: row.agent_id!,
              status: row.offer_status!,
              attempt: Number(row.attempt),
              since: new Date(row.offered_at!),
            },
    }));
  }

  async endedSince(tenantId: string, since: Date): Promise<EndedWaitCount[]> {
    const rows = await this.em.fork().execute<EndedRow[]>(
      `select skills, array_agg(distinct queue_name) as names,
              sum(answered) as answered, sum(abandoned) as abandoned, sum(timed_out) as timed_out
         from (select w.required_skills as skills, w.queue_name, 1 as answered, 0 as abandoned, 0 as timed_out
                 from ${this.offers} o join ${this.calls} w on w.id = o.waiting_call_id and w.tenant_id = o.tenant_id
                where o.tenant_id = ? and o.accepted_at >= ?
               union all
               select required_skills, queue_name, 0, (status = 'abandoned')::int, (status = 'left')::int
                 from ${this.calls}
                where tenant_id = ? and status in ('abandoned', 'left') and ended_at >= ?) as ended
        group by skills`,
      [tenantId, since, tenantId, since],
    );
    return rows.map((row) => ({
      requiredSkills: row.skills,
      queueNames: row.names,
      answered: Number(row.answered),
      abandoned: Number(row.abandoned),
      timedOut: Number(row.timed_out),
    }));
  }
}
