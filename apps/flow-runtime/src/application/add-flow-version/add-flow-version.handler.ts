import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { FlowNotFound, FlowRepository } from '@tp/flow-domain';
import { toFlowVersionView, type FlowVersionView } from '../flow.view';
import { retryOnConflict } from '../retry-on-conflict';
import { AddFlowVersionCommand } from './add-flow-version.command';

/**
 * Stores the graph as the flow's next version. A draft may be incomplete: the view lists what would
 * stop it from being published, so a designer sees it before trying.
 */
@CommandHandler(AddFlowVersionCommand)
export class AddFlowVersionHandler implements ICommandHandler<AddFlowVersionCommand, FlowVersionView> {
  constructor(
    private readonly flows: FlowRepository,
    private readonly clock: Clock,
  ) {}

  execute({ tenantId, flowId, graph }: AddFlowVersionCommand): Promise<FlowVersionView> {
    return retryOnConflict(async () => {
      const flow = await this.flows.find(tenantId, flowId);
      if (flow === null) throw new FlowNotFound(flowId);
      const version = flow.addVersion(graph, this.clock.now());
      await this.flows.save(flow);
      return toFlowVersionView(version, flow.publishedVersion);
    });
  }
}
