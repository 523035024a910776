import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PresenceReadModel, type Page, type TimedSessionView } from '../ports/presence-read-model.port';
import { AgentSessionsQuery } from './agent-sessions.query';

@QueryHandler(AgentSessionsQuery)
export class AgentSessionsHandler implements IQueryHandler<AgentSessionsQuery, Page<TimedSessionView>> {
  constructor(private readonly reads: PresenceReadModel) {}

  execute({ tenantId, agentId, limit, offset }: AgentSessionsQuery): Promise<Page<TimedSessionView>> {
    return this.reads.sessions(tenantId, agentId, limit, offset);
  }
}
