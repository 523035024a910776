import { Command } from '@nestjs/cqrs';
import type { PromptChanges } from '@tp/media-domain';
import type { PromptView } from '../prompt.view';

export class UpdatePromptCommand extends Command<PromptView> {
  constructor(
    readonly tenantId: string,
    readonly promptId: string,
    readonly changes: PromptChanges,
    /** The version the admin edited; a newer stored version refuses the change. */
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
