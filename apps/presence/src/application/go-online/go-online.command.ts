import type { GoOnlineReason, SessionVia } from '@tp/timed-presence-domain';

export class GoOnlineCommand {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
    /** Whole hours from now, or the end of the window. */
    readonly window: number | { readonly until: Date },
    readonly reason: GoOnlineReason = 'login',
    readonly origin: { callSid?: string; flowId?: string; maxHours?: number; via?: SessionVia } = {},
  ) {}
}
