import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PromptNotFound, PromptRepository } from '@tp/media-domain';
import { toPromptView, type PromptView } from '../prompt.view';
import { GetPromptQuery } from './get-prompt.query';

@QueryHandler(GetPromptQuery)
export class GetPromptHandler implements IQueryHandler<GetPromptQuery> {
  constructor(private readonly prompts: PromptRepository) {}

  async execute({ tenantId, promptId }: GetPromptQuery): Promise<PromptView> {
    const prompt = await this.prompts.find(tenantId, promptId);
    if (!prompt) throw new PromptNotFound(promptId);
    return toPromptView(prompt);
  }
}
