import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { FlowNotFound, FlowRepository, FlowVersionNotFound } from '@tp/flow-domain';
import { toFlowVersionView, type FlowVersionView } from '../flow.view';
import { GetFlowVersionQuery } from './get-flow-version.query';

@QueryHandler(GetFlowVersionQuery)
export class GetFlowVersionHandler implements IQueryHandler<GetFlowVersionQuery, FlowVersionView> {
  constructor(private readonly flows: FlowRepository) {}

  async execute({ tenantId, flowId, version }: GetFlowVersionQuery): Promise<FlowVersionView> {
    const flow = await this.flows.find(tenantId, flowId);
    if (flow === null) throw new FlowNotFound(flowId);
    const found = await this.flows.findVersion(tenantId, flowId, version);
    if (found === null) throw new FlowVersionNotFound(flowId, version);
    return toFlowVersionView(found, flow.publishedVersion);
  }
}
