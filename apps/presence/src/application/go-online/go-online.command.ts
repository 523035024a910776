import type { GoOnlineReason, SessionVia } from '@tp/timed-presence-domain';

export class GoOnlineCommand {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
    readonly hours: number,
    readonly reason: GoOnlineReason = 'login',
    readonly origin: { callSid?: string; flowId?: string; maxHours?: number; via?: SessionVia } = {},
  ) {}
}
