import {
  AgentPresence,
  PresenceRepository,
  type AgentPresenceProps,
  type PresenceEvent,
} from '@tp/timed-presence-domain';

/**
 * The presence port in memory. It stores copies, so a test sees only what was saved, and, like
 * the real adapter that writes outbox rows in the same flush, `save` takes the recorded events
 * out of the aggregate into {@link outbox}.
 */
export class InMemoryPresenceRepository extends PresenceRepository {
  private readonly rows = new Map<string, AgentPresenceProps>();
  private readonly saved: PresenceEvent[] = [];

  find(tenantId: string, agentId: string): Promise<AgentPresence | null> {
    const row = this.rows.get(key(tenantId, agentId));
    return Promise.resolve(row === undefined ? null : AgentPresence.restore(row));
  }

  save(presence: AgentPresence): Promise<void> {
    this.rows.set(key(presence.tenantId, presence.agentId), presence.toSnapshot());
    this.saved.push(...presence.pullEvents());
    return Promise.resolve();
  }

  /** Every event saved so far, oldest first. */
  get outbox(): readonly PresenceEvent[] {
    return [...this.saved];
  }

  /** Every stored presence, as fresh aggregates. */
  all(): AgentPresence[] {
    return [...this.rows.values()].map((row) => AgentPresence.restore(row));
  }
}

function key(tenantId: string, agentId: string): string {
  return JSON.stringify([tenantId, agentId]);
}
