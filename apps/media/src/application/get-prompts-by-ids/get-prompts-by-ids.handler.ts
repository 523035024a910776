import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { GetPromptsReply } from '@tp/contracts';
import { PromptRepository } from '@tp/media-domain';
import { toPromptView } from '../prompt.view';
import { GetPromptsByIdsQuery } from './get-prompts-by-ids.query';

/** Answers in the order asked, each id once; ids not found in the tenant are `missing`. */
@QueryHandler(GetPromptsByIdsQuery)
export class GetPromptsByIdsHandler implements IQueryHandler<GetPromptsByIdsQuery> {
  constructor(private readonly prompts: PromptRepository) {}

  async execute({ tenantId, promptIds }: GetPromptsByIdsQuery): Promise<GetPromptsReply> {
    const ids = [...new Set(promptIds)];
    const found = new Map((await this.prompts.findMany(tenantId, ids)).map((p) => [p.id, p]));
    const reply: GetPromptsReply = { prompts: [], missing: [] };
    for (const id of ids) {
      const prompt = found.get(id);
      if (prompt) reply.prompts.push(toPromptView(prompt));
      else reply.missing.push(id);
    }
    return reply;
  }
}
