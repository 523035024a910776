import { Command } from '@nestjs/cqrs';

export class DeletePromptCommand extends Command<void> {
  constructor(
    readonly tenantId: string,
    readonly promptId: string,
  ) {
    super();
  }
}
