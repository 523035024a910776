import { Query } from '@nestjs/cqrs';
import type { PromptRole } from '@tp/media-domain';
import type { PromptView } from '../prompt.view';

export interface PromptListView {
  readonly items: PromptView[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export class ListPromptsQuery extends Query<PromptListView> {
  constructor(
    readonly tenantId: string,
    readonly limit: number,
    readonly offset: number,
    readonly role?: PromptRole,
  ) {
    super();
  }
}
