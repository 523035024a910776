import {
  AgentPresence,
  PresenceChangedConcurrently,
  PresenceRepository,
  type AgentPresenceProps,
  type PresenceEvent,
  type SessionOrigin,
} from '@tp/timed-presence-domain';

/**
 * The presence port in memory. It stores copies, so a test sees only what was saved, and, like
 * the real adapter that writes outbox rows in the same transaction, `save` takes the recorded
 * events out of the aggregate into {@link outbox}. It refuses a save whose aggregate was read
 * before another save of the same agent, as the real adapter does.
 */
export class InMemoryPresenceRepository extends PresenceRepository {
  private readonly rows = new Map<string, AgentPresenceProps>();
  private readonly saved: PresenceEvent[] = [];
  /** The origin passed with each save that had one, oldest first. */
  readonly origins: SessionOrigin[] = [];

  find(tenantId: string, agentId: string): Promise<AgentPresence | null> {
    const row = this.rows.get(key(tenantId, agentId));
    return Promise.resolve(row === undefined ? null : AgentPresence.restore(row));
  }

  save(presence: AgentPresence, origin?: SessionOrigin): Promise<void> {
    const id = key(presence.tenantId, presence.agentId);
    const expected = presence.sequence - presence.peekEvents().length;
    if ((this.rows.get(id)?.sequence ?? 0) !== expected) {
      return Promise.reject(new PresenceChangedConcurrently(presence.tenantId, presence.agentId, expected));
    }
    this.rows.set(id, presence.toSnapshot());
    this.saved.push(...presence.pullEvents());
    if (origin) this.origins.push(origin);
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
