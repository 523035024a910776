import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PresenceView } from '@tp/contracts';
import { Clock } from '@tp/ddd';
import { PresenceRepository } from '@tp/timed-presence-domain';
import { changePresence, presenceView } from '../change-presence';
import { ExtendWindowCommand } from './extend-window.command';

/**
 * Compare and set on the window's end (dispatch's SMS replies): moves it to `until` only if it
 * still ends at `ifExpiresAt`, so the same request twice extends once. Answers the presence as it
 * is afterwards, changed or not.
 */
@CommandHandler(ExtendWindowCommand)
export class ExtendWindowHandler implements ICommandHandler<ExtendWindowCommand, PresenceView> {
  constructor(
    private readonly presences: PresenceRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, agentId, until, ifExpiresAt, via }: ExtendWindowCommand): Promise<PresenceView> {
    const presence = await changePresence(this.presences, tenantId, agentId, (p) => {
      p.extendWindowTo(until, ifExpiresAt, this.clock.now(), via);
    });
    return presenceView(presence);
  }
}
