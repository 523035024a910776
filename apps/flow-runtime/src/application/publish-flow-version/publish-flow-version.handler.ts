import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import {
  FlowGraphInvalid,
  FlowNotFound,
  FlowRepository,
  FlowVersionNotFound,
  PromptCatalog,
} from '@tp/flow-domain';
import { toFlowView, type FlowView } from '../flow.view';
import { retryOnConflict } from '../retry-on-conflict';
import { PublishFlowVersionCommand } from './publish-flow-version.command';

/**
 * Publishes a version: its graph must pass every rule, then media must confirm that every prompt it
 * names exists in the tenant. Missing prompts: `FLOW.GRAPH_INVALID` naming each reference (and
 * `details.missingPromptIds`); media not answering: `FLOW.DEPENDENCY_UNAVAILABLE` (503). Either way
 * nothing is published.
 */
@CommandHandler(PublishFlowVersionCommand)
export class PublishFlowVersionHandler implements ICommandHandler<PublishFlowVersionCommand, FlowView> {
  constructor(
    private readonly flows: FlowRepository,
    private readonly prompts: PromptCatalog,
    private readonly clock: Clock,
  ) {}

  execute({ tenantId, flowId, version: number }: PublishFlowVersionCommand): Promise<FlowView> {
    return retryOnConflict(async () => {
      const flow = await this.flows.find(tenantId, flowId);
      if (flow === null) throw new FlowNotFound(flowId);
      const version = await this.flows.findVersion(tenantId, flowId, number);
      if (version === null) throw new FlowVersionNotFound(flowId, number);
      const problems = version.problems();
      if (problems.length === 0) {
        const missing = await this.prompts.missing(tenantId, version.promptIds());
        if (missing.length > 0) {
          throw new FlowGraphInvalid(version.missingPromptProblems(missing), {
            flowId,
            version: number,
            missingPromptIds: missing,
          });
        }
      }
      flow.publish(version, this.clock.now());
      await this.flows.save(flow);
      return toFlowView(flow);
    });
  }
}
