import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { FlowRepository } from '@tp/flow-domain';
import { toFlowView } from '../flow.view';
import { ListFlowsQuery, type FlowListView } from './list-flows.query';

/** The tenant's flows by name, a page at a time. */
@QueryHandler(ListFlowsQuery)
export class ListFlowsHandler implements IQueryHandler<ListFlowsQuery, FlowListView> {
  constructor(private readonly flows: FlowRepository) {}

  async execute({ tenantId, limit, offset }: ListFlowsQuery): Promise<FlowListView> {
    const page = await this.flows.list(tenantId, { limit, offset });
    return { items: page.items.map(toFlowView), total: page.total, limit, offset };
  }
}
