import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { FlowNotFound, FlowRepository } from '@tp/flow-domain';
import { toFlowView, type FlowView } from '../flow.view';
import { GetFlowQuery } from './get-flow.query';

@QueryHandler(GetFlowQuery)
export class GetFlowHandler implements IQueryHandler<GetFlowQuery, FlowView> {
  constructor(private readonly flows: FlowRepository) {}

  async execute({ tenantId, flowId }: GetFlowQuery): Promise<FlowView> {
    const flow = await this.flows.find(tenantId, flowId);
    if (flow === null) throw new FlowNotFound(flowId);
    return toFlowView(flow);
  }
}
