import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PromptRepository } from '@tp/media-domain';
import { toPromptView } from '../prompt.view';
import { ListPromptsQuery, type PromptListView } from './list-prompts.query';

@QueryHandler(ListPromptsQuery)
export class ListPromptsHandler implements IQueryHandler<ListPromptsQuery> {
  constructor(private readonly prompts: PromptRepository) {}

  async execute({ tenantId, limit, offset, role }: ListPromptsQuery): Promise<PromptListView> {
    const page = await this.prompts.list(tenantId, { role, limit, offset });
    return { items: page.items.map(toPromptView), total: page.total, limit, offset };
  }
}
