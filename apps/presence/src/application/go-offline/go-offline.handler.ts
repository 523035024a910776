import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PresenceView } from '@tp/contracts';
import { Clock } from '@tp/ddd';
import { PresenceRepository } from '@tp/timed-presence-domain';
import { changePresence, presenceView } from '../change-presence';
import { GoOfflineCommand } from './go-offline.command';

/** Takes an agent offline now, with the reason (already offline: nothing changes). */
@CommandHandler(GoOfflineCommand)
export class GoOfflineHandler implements ICommandHandler<GoOfflineCommand, PresenceView> {
  constructor(
    private readonly presences: PresenceRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, agentId, reason }: GoOfflineCommand): Promise<PresenceView> {
    const presence = await changePresence(this.presences, tenantId, agentId, (p) =>
      p.goOffline(reason, this.clock.now()),
    );
    return presenceView(presence);
  }
}
