import { Command } from '@nestjs/cqrs';
import type { StarterPromptRole } from '@tp/media-domain';
import type { PromptView } from '../prompt.view';

/**
 * What became of each role of the starter set:
 * - `created`: the starter prompt was created;
 * - `exists`: the tenant already has a prompt with this role (the first by name is shown), so none was created;
 * - `name-taken`: a prompt without this role already has the starter prompt's name; nothing was
 *   created (tag that prompt with the role, or rename it, and run again).
 */
export interface StarterSetEntry {
  readonly role: StarterPromptRole;
  readonly status: 'created' | 'exists' | 'name-taken';
  readonly prompt: PromptView;
}

export interface StarterSetResult {
  /** How many prompts this call created; 0 on a second call. */
  readonly created: number;
  readonly prompts: StarterSetEntry[];
}

/** Creates the prompts of the starter set (the vendor page's seven, the until-a-time pair, the break's two) that the tenant does not have yet, by role. */
export class CreateStarterSetCommand extends Command<StarterSetResult> {
  constructor(
    readonly tenantId: string,
    readonly voice?: string,
  ) {
    super();
  }
}
