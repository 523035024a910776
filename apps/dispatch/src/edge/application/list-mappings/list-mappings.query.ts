import { Query } from '@nestjs/cqrs';
import type { MappingListView } from '../mapping.view';

export class ListMappingsQuery extends Query<MappingListView> {
  constructor(
    readonly tenantId: string,
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}
