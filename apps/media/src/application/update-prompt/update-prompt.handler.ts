import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { PromptNameTaken, PromptNotFound, PromptRepository } from '@tp/media-domain';
import { toPromptView, type PromptView } from '../prompt.view';
import { UpdatePromptCommand } from './update-prompt.command';

@CommandHandler(UpdatePromptCommand)
export class UpdatePromptHandler implements ICommandHandler<UpdatePromptCommand> {
  constructor(
    private readonly prompts: PromptRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, promptId, changes, expectedVersion }: UpdatePromptCommand): Promise<PromptView> {
    const prompt = await this.prompts.find(tenantId, promptId);
    if (!prompt) throw new PromptNotFound(promptId);
    prompt.assertVersion(expectedVersion);
    const changed = prompt.change(changes, this.clock.now());
    if (changed.length === 0) return toPromptView(prompt);
    if (changed.includes('name')) {
      const clash = await this.prompts.findByName(tenantId, prompt.name);
      if (clash && clash.id !== prompt.id) throw new PromptNameTaken(prompt.name, clash.id);
    }
    await this.prompts.save(prompt);
    return toPromptView(prompt);
  }
}
