import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  SessionRecords,
  type SessionFilter,
  type SessionKey,
  type SessionPage,
} from '../../application/session-records/session-records.port';
import { AgentSessionStore } from './agent-session.store';

/** Session records from `agent_session`, keyset-paged (one row more than asked tells if more follow). */
@Injectable()
export class SqlSessionRecords extends SessionRecords {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async page(filter: SessionFilter, limit: number, after: SessionKey | null): Promise<SessionPage> {
    const records = await AgentSessionStore.list(this.em.fork(), filter, limit + 1, after);
    const items = records.slice(0, limit);
    const last = items.at(-1);
    const snapshot = last?.toSnapshot();
    return {
      items: items.map((r) => r.view()),
      next: records.length > limit && snapshot ? { startedAt: snapshot.startedAt, id: snapshot.id } : null,
    };
  }
}
