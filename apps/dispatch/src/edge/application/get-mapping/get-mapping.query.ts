import { Query } from '@nestjs/cqrs';
import type { MappingView } from '../mapping.view';

export class GetMappingQuery extends Query<MappingView> {
  constructor(
    readonly tenantId: string,
    readonly mappingId: string,
  ) {
    super();
  }
}
