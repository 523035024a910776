import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import {
  Prompt,
  PromptNameTaken,
  PromptRepository,
  STARTER_PROMPT_ROLES,
  starterPromptSet,
  type StarterPrompt,
} from '@tp/media-domain';
import { toPromptView } from '../prompt.view';
import {
  CreateStarterSetCommand,
  type StarterSetEntry,
  type StarterSetResult,
} from './create-starter-set.command';

/**
 * Idempotent by role: a role the tenant already has a prompt for is left alone, so running it
 * twice creates nothing the second time. Each prompt is saved on its own; a run that fails half
 * way is finished by running it again.
 */
@CommandHandler(CreateStarterSetCommand)
export class CreateStarterSetHandler implements ICommandHandler<CreateStarterSetCommand> {
  constructor(
    private readonly prompts: PromptRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, voice }: CreateStarterSetCommand): Promise<StarterSetResult> {
    const starters = starterPromptSet({ voice });
    const existing = (await this.prompts.findByRoles(tenantId, STARTER_PROMPT_ROLES)).sort((a, b) =>
      a.nameKey.localeCompare(b.nameKey),
    );
    const entries: StarterSetEntry[] = [];
    for (const starter of starters) {
      const current = existing.find((p) => p.role === starter.role);
      entries.push(
        current
          ? { role: starter.role, status: 'exists', prompt: toPromptView(current) }
          : await this.createOne(tenantId, starter),
      );
    }
    return { created: entries.filter((e) => e.status === 'created').length, prompts: entries };
  }

  private async createOne(tenantId: string, starter: StarterPrompt): Promise<StarterSetEntry> {
    const prompt = Prompt.create({ id: this.prompts.nextId(), tenantId, ...starter }, this.clock.now());
    const clash = await this.prompts.findByName(tenantId, prompt.name);
    if (clash) return this.entryFor(starter, clash);
    try {
      await this.prompts.save(prompt);
    } catch (error) {
      // Another run created it meanwhile.
      const winner =
        error instanceof PromptNameTaken ? await this.prompts.findByName(tenantId, prompt.name) : null;
      if (winner) return this.entryFor(starter, winner);
      throw error;
    }
    return { role: starter.role, status: 'created', prompt: toPromptView(prompt) };
  }

  private entryFor(starter: StarterPrompt, clash: Prompt): StarterSetEntry {
    return {
      role: starter.role,
      status: clash.role === starter.role ? 'exists' : 'name-taken',
      prompt: toPromptView(clash),
    };
  }
}
