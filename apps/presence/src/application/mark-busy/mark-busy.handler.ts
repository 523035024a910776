import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PresenceView } from '@tp/contracts';
import { Clock } from '@tp/ddd';
import { PresenceRepository } from '@tp/timed-presence-domain';
import { changePresence, presenceView } from '../change-presence';
import { MarkBusyCommand } from './mark-busy.command';

/** A routed call reached the agent: online becomes busy (an offline agent cannot be marked busy). */
@CommandHandler(MarkBusyCommand)
export class MarkBusyHandler implements ICommandHandler<MarkBusyCommand, PresenceView> {
  constructor(
    private readonly presences: PresenceRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, agentId }: MarkBusyCommand): Promise<PresenceView> {
    return presenceView(
      await changePresence(this.presences, tenantId, agentId, (p) => p.markBusy(this.clock.now())),
    );
  }
}
