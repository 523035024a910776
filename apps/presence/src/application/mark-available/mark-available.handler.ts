import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PresenceView } from '@tp/contracts';
import { Clock } from '@tp/ddd';
import { PresenceRepository } from '@tp/timed-presence-domain';
import { changePresence, presenceView } from '../change-presence';
import { MarkAvailableCommand } from './mark-available.command';

/** The agent's call ended: available again, or offline when the hours ran out during the call. */
@CommandHandler(MarkAvailableCommand)
export class MarkAvailableHandler implements ICommandHandler<MarkAvailableCommand, PresenceView> {
  constructor(
    private readonly presences: PresenceRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, agentId }: MarkAvailableCommand): Promise<PresenceView> {
    return presenceView(
      await changePresence(this.presences, tenantId, agentId, (p) => p.markAvailable(this.clock.now())),
    );
  }
}
