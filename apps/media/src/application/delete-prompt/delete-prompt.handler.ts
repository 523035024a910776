import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { PromptInUse, PromptNotFound, PromptRepository, PromptUsage } from '@tp/media-domain';
import { DeletePromptCommand } from './delete-prompt.command';

/**
 * Deletes a prompt that no published flow plays. Flow-runtime is asked first; when it cannot say
 * (PromptUsageUnknown), nothing is deleted.
 */
@CommandHandler(DeletePromptCommand)
export class DeletePromptHandler implements ICommandHandler<DeletePromptCommand> {
  constructor(
    private readonly prompts: PromptRepository,
    private readonly usage: PromptUsage,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, promptId }: DeletePromptCommand): Promise<void> {
    const prompt = await this.prompts.find(tenantId, promptId);
    if (!prompt) throw new PromptNotFound(promptId);
    const flows = await this.usage.flowsUsing(tenantId, [prompt.id]);
    if (flows.length > 0) throw new PromptInUse(prompt.id, flows);
    prompt.delete(this.clock.now());
    await this.prompts.save(prompt);
  }
}
