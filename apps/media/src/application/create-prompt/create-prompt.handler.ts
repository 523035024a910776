import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { Prompt, PromptNameTaken, PromptRepository } from '@tp/media-domain';
import { toPromptView, type PromptView } from '../prompt.view';
import { CreatePromptCommand } from './create-prompt.command';

@CommandHandler(CreatePromptCommand)
export class CreatePromptHandler implements ICommandHandler<CreatePromptCommand> {
  constructor(
    private readonly prompts: PromptRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, name, content, role }: CreatePromptCommand): Promise<PromptView> {
    const prompt = Prompt.create(
      { id: this.prompts.nextId(), tenantId, name, role, content },
      this.clock.now(),
    );
    const clash = await this.prompts.findByName(tenantId, prompt.name);
    if (clash) throw new PromptNameTaken(prompt.name, clash.id);
    await this.prompts.save(prompt);
    return toPromptView(prompt);
  }
}
