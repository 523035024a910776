import type { AgentPresence } from '../agent-presence';

/** Where agent presence is kept. */
export abstract class PresenceRepository {
  /** The agent's presence in the tenant, or null when the agent never had any. */
  abstract find(tenantId: string, agentId: string): Promise<AgentPresence | null>;
  /** Stores the state and takes the recorded events into the outbox, in one flush. */
  abstract save(presence: AgentPresence): Promise<void>;
}
