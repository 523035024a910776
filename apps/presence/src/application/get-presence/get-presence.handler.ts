import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { PresenceView } from '@tp/contracts';
import { AgentPresence, PresenceRepository } from '@tp/timed-presence-domain';
import { presenceView } from '../change-presence';
import { GetPresenceQuery } from './get-presence.query';

/** One agent's presence; an agent who never had any is offline with sequence 0. */
@QueryHandler(GetPresenceQuery)
export class GetPresenceHandler implements IQueryHandler<GetPresenceQuery, PresenceView> {
  constructor(private readonly presences: PresenceRepository) {}

  async execute({ tenantId, agentId }: GetPresenceQuery): Promise<PresenceView> {
    const presence =
      (await this.presences.find(tenantId, agentId)) ?? AgentPresence.absent(tenantId, agentId);
    return presenceView(presence);
  }
}
