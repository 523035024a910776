import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  FlowNotFound,
  FlowRepository,
  NODE_KINDS,
  validateFlowGraph,
  type FlowProblem,
} from '@tp/flow-domain';
import { ValidateFlowGraphQuery } from './validate-flow-graph.query';

/**
 * The designer's check while an admin edits: the same rules publishing applies to the graph (media's
 * prompts aside), for a flow of the tenant. Stores nothing.
 */
@QueryHandler(ValidateFlowGraphQuery)
export class ValidateFlowGraphHandler implements IQueryHandler<
  ValidateFlowGraphQuery,
  { problems: FlowProblem[] }
> {
  constructor(private readonly flows: FlowRepository) {}

  async execute({ tenantId, flowId, graph }: ValidateFlowGraphQuery): Promise<{ problems: FlowProblem[] }> {
    const flow = await this.flows.find(tenantId, flowId);
    if (flow === null) throw new FlowNotFound(flowId);
    return { problems: validateFlowGraph(graph, NODE_KINDS) };
  }
}
