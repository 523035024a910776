import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DispatchMappingRepository } from '@tp/dispatch-domain';
import { toMappingView, type MappingListView } from '../mapping.view';
import { ListMappingsQuery } from './list-mappings.query';

@QueryHandler(ListMappingsQuery)
export class ListMappingsHandler implements IQueryHandler<ListMappingsQuery> {
  constructor(private readonly mappings: DispatchMappingRepository) {}

  async execute({ tenantId, limit, offset }: ListMappingsQuery): Promise<MappingListView> {
    const page = await this.mappings.list(tenantId, { limit, offset });
    return { items: page.items.map(toMappingView), total: page.total, limit, offset };
  }
}
