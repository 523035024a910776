import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PresenceView } from '@tp/contracts';
import { Clock } from '@tp/ddd';
import { Hours, MAX_HOURS_DEFAULT, PresenceRepository } from '@tp/timed-presence-domain';
import { changePresence, presenceView } from '../change-presence';
import { GoOnlineCommand } from './go-online.command';

/** Starts a new window of N hours from now (replacing any earlier expiry). */
@CommandHandler(GoOnlineCommand)
export class GoOnlineHandler implements ICommandHandler<GoOnlineCommand, PresenceView> {
  constructor(
    private readonly presences: PresenceRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, agentId, hours, reason, origin }: GoOnlineCommand): Promise<PresenceView> {
    const window = Hours.of(hours, origin.maxHours ?? MAX_HOURS_DEFAULT);
    const presence = await changePresence(
      this.presences,
      tenantId,
      agentId,
      (p) =>
        p.goOnlineFor(
          window,
          this.clock.now(),
          reason,
          origin.via ?? (reason === 'admin' ? 'admin' : undefined),
        ),
      { hours: window.value, callSid: origin.callSid ?? null, flowId: origin.flowId ?? null },
    );
    return presenceView(presence);
  }
}
