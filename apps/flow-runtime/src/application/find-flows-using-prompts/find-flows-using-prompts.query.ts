import { Query } from '@nestjs/cqrs';
import type { FlowUsingPrompts } from '@tp/flow-domain';

/** The tenant's flows whose published version plays any of the prompts (media asks before deleting one). */
export class FindFlowsUsingPromptsQuery extends Query<FlowUsingPrompts[]> {
  constructor(
    readonly tenantId: string,
    readonly promptIds: readonly string[],
  ) {
    super();
  }
}
