import type { AgentPresence } from '../agent-presence';

/** Where a login came from: kept with the timed session that a save opens. */
export interface SessionOrigin {
  readonly hours?: number;
  readonly callSid?: string | null;
  readonly flowId?: string | null;
}

/** Where agent presence is kept. */
export abstract class PresenceRepository {
  /** The agent's presence in the tenant, or null when the agent never had any. */
  abstract find(tenantId: string, agentId: string): Promise<AgentPresence | null>;
  /**
   * Stores the state and takes the recorded events into the outbox, in one transaction, and keeps
   * the timed session history in step (a login opens a session, a new window or going offline
   * ends it). Throws {@link PresenceChangedConcurrently} when the stored presence changed since it
   * was found, so the caller can retry on fresh state.
   */
  abstract save(presence: AgentPresence, origin?: SessionOrigin): Promise<void>;
}
