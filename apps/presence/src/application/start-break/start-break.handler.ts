import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PresenceView } from '@tp/contracts';
import { Clock } from '@tp/ddd';
import { PresenceRepository } from '@tp/timed-presence-domain';
import { changePresence, presenceView } from '../change-presence';
import { StartBreakCommand } from './start-break.command';

/**
 * An online agent takes a timed break: `on-break` until `breakEndsAt`, the expiry kept; the expiry
 * scheduler ends it. Anyone not online is refused (`PRESENCE.BREAK_NOT_ALLOWED`).
 */
@CommandHandler(StartBreakCommand)
export class StartBreakHandler implements ICommandHandler<StartBreakCommand, PresenceView> {
  constructor(
    private readonly presences: PresenceRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, agentId, minutes }: StartBreakCommand): Promise<PresenceView> {
    return presenceView(
      await changePresence(this.presences, tenantId, agentId, (p) => p.startBreak(minutes, this.clock.now())),
    );
  }
}
