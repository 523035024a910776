import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { PresenceView } from '@tp/contracts';
import { PresenceReadModel, type Page } from '../ports/presence-read-model.port';
import { ListOnlineQuery } from './list-online.query';

@QueryHandler(ListOnlineQuery)
export class ListOnlineHandler implements IQueryHandler<ListOnlineQuery, Page<PresenceView>> {
  constructor(private readonly reads: PresenceReadModel) {}

  execute({ tenantId, limit, offset }: ListOnlineQuery): Promise<Page<PresenceView>> {
    return this.reads.listSignedIn(tenantId, limit, offset);
  }
}
