import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PresenceView } from '@tp/contracts';
import { Clock } from '@tp/ddd';
import { Hours, MAX_HOURS_DEFAULT, OnlineUntil, PresenceRepository } from '@tp/timed-presence-domain';
import { changePresence, presenceView } from '../change-presence';
import { GoOnlineCommand } from './go-online.command';

/**
 * Starts a new window from now (replacing any earlier expiry): N whole hours, or until an instant
 * at most the tenant's maximum hours away.
 */
@CommandHandler(GoOnlineCommand)
export class GoOnlineHandler implements ICommandHandler<GoOnlineCommand, PresenceView> {
  constructor(
    private readonly presences: PresenceRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, agentId, window, reason, origin }: GoOnlineCommand): Promise<PresenceView> {
    const now = this.clock.now();
    const maxHours = origin.maxHours ?? MAX_HOURS_DEFAULT;
    const checked =
      typeof window === 'number' ? Hours.of(window, maxHours) : OnlineUntil.of(window.until, now, maxHours);
    const presence = await changePresence(
      this.presences,
      tenantId,
      agentId,
      (p) =>
        p.goOnlineFor(
          checked,
          this.clock.now(),
          reason,
          origin.via ?? (reason === 'admin' ? 'admin' : undefined),
        ),
      {
        ...(checked instanceof Hours ? { hours: checked.value } : {}),
        callSid: origin.callSid ?? null,
        flowId: origin.flowId ?? null,
      },
    );
    return presenceView(presence);
  }
}
