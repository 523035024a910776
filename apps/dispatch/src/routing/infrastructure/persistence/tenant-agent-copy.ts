import { AgentIndex, type RoutingPolicy } from '@tp/routing-domain';
import type { PgStatements } from '@tp/platform';
import { textArrayLiteral, toRoutingAgent } from './routing-agent.store';

const REFRESH_BATCH = 500;

type AgentRow = Parameters<typeof toRoutingAgent>[0];

/** Where a tenant's copy reads `routing_agent`, and what it counts (see `MirrorStats`). */
export interface CopySource {
  readonly sql: PgStatements;
  readonly schema: string;
  readonly table: string;
  readonly stats: { loads: number; refreshedAgents: number; sweptReservations: number };
}

/**
 * One tenant's agents in this replica's memory (ADR 16): loaded in full, then kept current agent
 * by agent (those notified, or found stale, are `dirty` and read again in batches), read afresh now
 * and then as a safety net, and its reservations read back (releases are not notified).
 */
export class TenantAgentCopy {
  readonly index: AgentIndex;
  /** Settles when the tenant's agents are loaded (rejects if loading failed). */
  readonly loaded: Promise<void>;
  ready = false;
  /** Agents notified (or found stale) since they were last read. */
  readonly dirty = new Set<string>();
  lastAsked = Date.now();
  /** When the tenant's agents were last read in full (load or reload). */
  loadedAt = Date.now();
  reloading = false;
  /** Set once the copy is dropped from the mirror: a refresh in flight stops. */
  dropped = false;
  private refreshing: Promise<void> | null = null;

  constructor(
    readonly tenantId: string,
    policy: RoutingPolicy,
    private readonly source: CopySource,
  ) {
    this.index = new AgentIndex(policy);
    this.loaded = this.load();
  }

  get refreshInFlight(): Promise<void> | null {
    return this.refreshing;
  }

  private readAll(): Promise<AgentRow[]> {
    return this.source.sql.query<AgentRow>({
      name: `${this.source.schema}_routing_copy_load`,
      text: `select * from ${this.source.table} where tenant_id = $1 and state <> 'offline'`,
      values: [this.tenantId],
    });
  }

  private async load(): Promise<void> {
    const rows = await this.readAll();
    for (const row of rows) this.index.put(toRoutingAgent(row));
    this.ready = true;
    this.loadedAt = Date.now();
    this.source.stats.loads += 1;
    // Notifications that arrived while loading may predate or postdate the rows read: read them again.
    if (this.dirty.size > 0) await this.refresh();
  }

  /**
   * Reads the tenant's agents afresh, into the same index (agents being reserved stay held): the
   * safety net for a notification that never came (a pooler that dropped LISTEN, a bug). An agent
   * changed here while reading keeps what this replica knows.
   */
  async reload(): Promise<void> {
    this.reloading = true;
    try {
      const before = new Map(this.index.agentIds().map((id) => [id, this.index.get(id)]));
      const rows = await this.readAll();
      const seen = new Set<string>();
      for (const row of rows) {
        seen.add(row.agent_id);
        if (this.index.get(row.agent_id) === before.get(row.agent_id)) this.index.put(toRoutingAgent(row));
      }
      for (const [id, held] of before)
        if (!seen.has(id) && this.index.get(id) === held) this.index.delete(id);
      this.loadedAt = Date.now();
      this.source.stats.loads += 1;
    } finally {
      this.reloading = false;
    }
  }

  /** Reads the dirty agents again, one batch at a time (serialised). */
  refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (!this.ready || this.dirty.size === 0) return Promise.resolve();
    this.refreshing = this.refreshBatches().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async refreshBatches(): Promise<void> {
    while (this.dirty.size > 0 && !this.dropped) {
      const ids = [...this.dirty].slice(0, REFRESH_BATCH);
      for (const id of ids) this.dirty.delete(id);
      const before = new Map(ids.map((id) => [id, this.index.get(id)]));
      let rows: AgentRow[];
      try {
        rows = await this.source.sql.query<AgentRow>({
          name: `${this.source.schema}_routing_copy_refresh`,
          text: `select * from ${this.source.table} where tenant_id = $1 and agent_id = any($2::text[])`,
          values: [this.tenantId, textArrayLiteral(ids)],
        });
      } catch (error) {
        for (const id of ids) this.dirty.add(id);
        throw error;
      }
      const found = new Map(rows.map((row) => [row.agent_id, toRoutingAgent(row)]));
      for (const id of ids) {
        // Changed here while reading (a reservation made by this replica): read it once more.
        if (this.index.get(id) !== before.get(id)) {
          this.dirty.add(id);
          continue;
        }
        const agent = found.get(id);
        if (agent) this.index.put(agent);
        else this.index.delete(id);
      }
      this.source.stats.refreshedAgents += ids.length;
    }
  }

  /** Reads back the reservations the copy believes held at `now`, and takes what the table says. */
  async sweepReservations(now: Date): Promise<void> {
    const ids = this.index.reservedAt(now);
    if (ids.length === 0) return;
    const before = new Map(ids.map((id) => [id, this.index.get(id)]));
    const rows = await this.source.sql.query<{
      agent_id: string;
      reserved_until: Date | string | null;
      reservation_id: string | null;
    }>({
      name: `${this.source.schema}_routing_copy_sweep`,
      text: `select agent_id, reserved_until, reservation_id from ${this.source.table}
              where tenant_id = $1 and agent_id = any($2::text[])`,
      values: [this.tenantId, textArrayLiteral(ids)],
    });
    for (const row of rows) {
      const held = this.index.get(row.agent_id);
      if (!held || held !== before.get(row.agent_id) || held.reservationId === row.reservation_id) continue;
      this.index.setReservation(
        row.agent_id,
        row.reserved_until === null ? null : new Date(row.reserved_until),
        row.reservation_id,
      );
      this.source.stats.sweptReservations += 1;
    }
  }
}
