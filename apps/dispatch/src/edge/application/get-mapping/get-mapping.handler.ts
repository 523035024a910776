import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DispatchMappingRepository, MappingNotFound } from '@tp/dispatch-domain';
import { toMappingView, type MappingView } from '../mapping.view';
import { GetMappingQuery } from './get-mapping.query';

@QueryHandler(GetMappingQuery)
export class GetMappingHandler implements IQueryHandler<GetMappingQuery> {
  constructor(private readonly mappings: DispatchMappingRepository) {}

  async execute({ tenantId, mappingId }: GetMappingQuery): Promise<MappingView> {
    const mapping = await this.mappings.find(tenantId, mappingId);
    if (!mapping) throw new MappingNotFound(mappingId);
    return toMappingView(mapping);
  }
}
