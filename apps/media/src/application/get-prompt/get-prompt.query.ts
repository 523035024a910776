import { Query } from '@nestjs/cqrs';
import type { PromptView } from '../prompt.view';

export class GetPromptQuery extends Query<PromptView> {
  constructor(
    readonly tenantId: string,
    readonly promptId: string,
  ) {
    super();
  }
}
