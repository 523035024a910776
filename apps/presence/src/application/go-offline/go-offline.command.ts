import type { GoOfflineReason } from '@tp/timed-presence-domain';

export class GoOfflineCommand {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
    readonly reason: Exclude<GoOfflineReason, 'expired'>,
  ) {}
}
