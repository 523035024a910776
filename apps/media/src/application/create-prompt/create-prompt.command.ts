import { Command } from '@nestjs/cqrs';
import type { PromptContent } from '@tp/media-domain';
import type { PromptView } from '../prompt.view';

export class CreatePromptCommand extends Command<PromptView> {
  constructor(
    readonly tenantId: string,
    readonly name: string,
    readonly content: PromptContent,
    readonly role: string | null = null,
  ) {
    super();
  }
}
