import { Query } from '@nestjs/cqrs';
import type { GetPromptsReply } from '@tp/contracts';

/** Many prompts of one tenant in one go (what `media.cmd.get-prompts` answers). */
export class GetPromptsByIdsQuery extends Query<GetPromptsReply> {
  constructor(
    readonly tenantId: string,
    readonly promptIds: readonly string[],
  ) {
    super();
  }
}
