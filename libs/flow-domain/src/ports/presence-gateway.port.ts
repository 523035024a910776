import type { PresenceState, SessionVia } from '@tp/timed-presence-domain';
import type { Deadline } from '@tp/ddd';

export interface AgentPresenceState {
  readonly state: PresenceState;
  readonly expiresAt: Date | null;
}

/** An agent's login from a Timed Presence call, for presence's history: for `hours`, or `until` an instant (ISO). */
export type Login = {
  readonly tenantId: string;
  readonly agentId: string;
  readonly maxHours: number;
  readonly callSid: string;
  readonly flowId: string;
  /** How the agent chose the window (a preset, custom hours, a time of day), for presence's session record. */
  readonly via?: SessionVia;
} & ({ readonly hours: number; readonly until?: never } | { readonly until: string; readonly hours?: never });

/**
 * The agent's presence (the presence app). Each throws `FLOW.DEPENDENCY_UNAVAILABLE` when presence
 * does not answer within the deadline or refuses.
 */
export abstract class PresenceGateway {
  abstract presenceOf(tenantId: string, agentId: string, deadline: Deadline): Promise<AgentPresenceState>;
  abstract goOnline(login: Login, deadline: Deadline): Promise<AgentPresenceState>;
  /** Offline at the agent's own request (`agent-logoff`). */
  abstract goOffline(tenantId: string, agentId: string, deadline: Deadline): Promise<AgentPresenceState>;
  /** A timed break of `minutes` (presence refuses anyone not online). */
  abstract startBreak(
    tenantId: string,
    agentId: string,
    minutes: number,
    deadline: Deadline,
  ): Promise<AgentPresenceState>;
}
