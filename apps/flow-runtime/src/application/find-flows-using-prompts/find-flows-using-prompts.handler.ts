import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { FlowRepository, type FlowUsingPrompts } from '@tp/flow-domain';
import { FindFlowsUsingPromptsQuery } from './find-flows-using-prompts.query';

@QueryHandler(FindFlowsUsingPromptsQuery)
export class FindFlowsUsingPromptsHandler implements IQueryHandler<
  FindFlowsUsingPromptsQuery,
  FlowUsingPrompts[]
> {
  constructor(private readonly flows: FlowRepository) {}

  execute({ tenantId, promptIds }: FindFlowsUsingPromptsQuery): Promise<FlowUsingPrompts[]> {
    return this.flows.findPublishedUsingPrompts(tenantId, promptIds);
  }
}
