import { Command } from '@nestjs/cqrs';
import type { FlowGraph } from '@tp/flow-domain';
import type { FlowVersionView } from '../flow.view';

/** Adds the next version of a flow's graph (a draft until published). */
export class AddFlowVersionCommand extends Command<FlowVersionView> {
  constructor(
    readonly tenantId: string,
    readonly flowId: string,
    readonly graph: FlowGraph,
  ) {
    super();
  }
}
