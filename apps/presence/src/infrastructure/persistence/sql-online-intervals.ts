import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OnlineIntervals, type OnlineInterval } from '../../application/online-history/online-history.port';

/** The timed sessions of a window, read-only, by the tenant's prefix of `timed_session_history_idx`. */
@Injectable()
export class SqlOnlineIntervals extends OnlineIntervals {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async overlapping(tenantId: string, from: Date, to: Date, now: Date): Promise<OnlineInterval[]> {
    const rows = await this.em
      .fork()
      .execute<{ agent_id: string; started_at: Date; ended_at: Date | null }[]>(
        `select agent_id, started_at, ended_at from "presence"."timed_session"
        where tenant_id = ? and started_at < ? and (ended_at is null or ended_at > ?)`,
        [tenantId, to, from],
      );
    return rows.map((row) => ({
      agentId: row.agent_id,
      from: new Date(row.started_at),
      to: row.ended_at === null ? now : new Date(row.ended_at),
    }));
  }
}
