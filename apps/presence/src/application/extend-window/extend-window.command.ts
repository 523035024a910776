import type { SessionVia } from '@tp/timed-presence-domain';

/** Moves an agent's window to end at `until`, if it still ends at `ifExpiresAt` (null: if offline). */
export class ExtendWindowCommand {
  constructor(
    readonly tenantId: string,
    readonly agentId: string,
    readonly until: Date,
    readonly ifExpiresAt: Date | null,
    readonly via?: SessionVia,
  ) {}
}
