import { Query } from '@nestjs/cqrs';
import type { FlowGraph, FlowProblem } from '@tp/flow-domain';

/** What would stop a graph, not yet saved, from being published as a version of the flow. */
export class ValidateFlowGraphQuery extends Query<{ problems: FlowProblem[] }> {
  constructor(
    readonly tenantId: string,
    readonly flowId: string,
    readonly graph: FlowGraph,
  ) {
    super();
  }
}
