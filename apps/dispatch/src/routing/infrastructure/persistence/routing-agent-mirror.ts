import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@tp/ddd';
import type { AgentIndex } from '@tp/routing-domain';
import { APP_INFO, PgStatements, qualifiedTable, type AppInfo } from '@tp/platform';
import { Client } from 'pg';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';
import { TenantAgentCopy, type CopySource } from './tenant-agent-copy';

/** The channel `routing_agent`'s trigger notifies, payload `<tenant> <agent>` (migration 20261124220000). */
export const ROUTING_AGENT_CHANNEL = 'tp_dispatch_routing_agent';

/** How often the reservations the copy believes held are read back (releases are not notified). */
export const RESERVATION_SWEEP_MS = 250;
/** A tenant nobody chose an agent in for this long is dropped from memory. */
const IDLE_TENANT_MS = 10 * 60_000;
const MAX_RECONNECT_MS = 10_000;

/** What the copy did, for tests, the benchmark and `/metrics`. */
export interface MirrorStats {
  /** Agents reserved from the copy, and by the SQL statement (copy unavailable, or no candidate took). */
  fromCopy: number;
  fromSql: number;
  /** Compare-and-sets that found the copy stale (another replica's reservation, a change in flight). */
  conflicts: number;
  loads: number;
  refreshedAgents: number;
  sweptReservations: number;
  reconnects: number;
}

/**
 * This replica's copy of `routing_agent`, per tenant, for choosing agents in memory (ADR 16). A
 * tenant's agents (everyone not offline) are read on its first choice; after that the copy follows
 * the table through PostgreSQL's LISTEN/NOTIFY: a trigger notifies whenever a column the choice
 * ranks or filters by changes (login, logout, expiry, skills, status, idle start), and the agents
 * notified are read again, in batches, before the next choice. Reservations are not notified (that
 * would put a `pg_notify` on the hot path, measured at a third of its throughput): the copy knows
 * its own, learns another replica's from a failed compare-and-set, and reads the reservations it
 * believes held back every {@link RESERVATION_SWEEP_MS}, which is how it learns of releases.
 *
 * The copy is a hint, never the truth: whoever reserves from it re-checks every rule in the same
 * statement (see `chooseAndReserveFromCopy`). While the listening connection is down the copy is
 * unavailable (`index` answers null) and choosing falls back to the SQL statement; on reconnecting
 * every tenant is loaded afresh, since notifications sent meanwhile are lost.
 */
@Injectable()
export class RoutingAgentMirror implements OnModuleInit, OnModuleDestroy, CopySource {
  private readonly logger = new Logger(RoutingAgentMirror.name);
  readonly table: string;
  readonly schema: string;
  readonly sql: PgStatements;
  private readonly tenants = new Map<string, TenantAgentCopy>();
  private listener: Client | null = null;
  private listening = false;
  private stopped = false;
  private reconnectMs = 500;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  readonly stats: MirrorStats = {
    fromCopy: 0,
    fromSql: 0,
    conflicts: 0,
    loads: 0,
    refreshedAgents: 0,
    sweptReservations: 0,
    reconnects: 0,
  };

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
    @Inject(DISPATCH_CONFIG)
    private readonly config: Pick<DispatchConfig, 'routingPolicy' | 'routingAgentCopy'>,
    private readonly clock: Clock,
  ) {
    this.schema = app.schema;
    this.table = qualifiedTable(app.schema, 'routing_agent');
    this.sql = new PgStatements(em);
  }

  async onModuleInit(): Promise<void> {
    await this.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  /** Connects the listener (a failure is retried in the background) and starts the sweep. */
  async start(): Promise<void> {
    if (!this.config.routingAgentCopy.enabled) return;
    this.stopped = false;
    this.sweepTimer = setInterval(() => void this.sweep(), RESERVATION_SWEEP_MS);
    this.sweepTimer.unref();
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.sweepTimer = this.reconnectTimer = null;
    await this.sweeping?.catch(() => undefined);
    for (const copy of this.tenants.values()) await copy.refreshInFlight?.catch(() => undefined);
    const listener = this.listener;
    this.listener = null;
    this.listening = false;
    this.dropAll();
    await listener?.end().catch(() => undefined);
  }

  /** The PostgreSQL backend of the listening connection (`pg_stat_activity.pid`), if connected. */
  get listenerPid(): number | null {
    return this.listening
      ? ((this.listener as unknown as { processID?: number } | null)?.processID ?? null)
      : null;
  }

  /** Whether the copy is following the table (while not, `index` answers null). */
  get available(): boolean {
    return this.listening;
  }

  /**
   * The tenant's agents in memory, up to date with every notification received so far, or null
   * while the copy is unavailable (or could not be loaded: the caller falls back to SQL).
   */
  async index(tenantId: string): Promise<AgentIndex | null> {
    if (!this.listening) return null;
    let copy = this.tenants.get(tenantId);
    if (!copy) {
      copy = new TenantAgentCopy(tenantId, this.config.routingPolicy, this);
      this.tenants.set(tenantId, copy);
    }
    copy.lastAsked = Date.now();
    try {
      await copy.loaded;
      if (copy.dirty.size > 0 || copy.refreshInFlight) await copy.refresh();
    } catch (error) {
      if (this.tenants.get(tenantId) === copy) this.drop(tenantId);
      this.logger.warn(`routing copy of tenant ${tenantId} unavailable, choosing in SQL: ${String(error)}`);
      return null;
    }
    return this.tenants.get(tenantId) === copy && copy.ready ? copy.index : null;
  }

  /**
   * Reads the agent again before the next choice (a compare-and-set found the copy stale, or SQL
   * chose someone the copy did not offer); until then they count as reserved for a second, so the
   * other asks of this replica do not try them too.
   */
  stale(tenantId: string, agentId: string, now: Date): void {
    const copy = this.tenants.get(tenantId);
    if (!copy) return;
    if (copy.index.get(agentId)) copy.index.setReservation(agentId, new Date(now.getTime() + 1000), null);
    copy.dirty.add(agentId);
    void copy.refresh().catch(() => undefined);
  }

  /** This replica released a reservation: the copy frees the agent at once (others learn by sweep). */
  released(tenantId: string, agentId: string, reservationId: string): void {
    const index = this.tenants.get(tenantId)?.index;
    if (index?.get(agentId)?.reservationId === reservationId) index.setReservation(agentId, null, null);
  }

  private drop(tenantId: string): void {
    const copy = this.tenants.get(tenantId);
    if (copy) copy.dropped = true;
    this.tenants.delete(tenantId);
  }

  private dropAll(): void {
    for (const tenantId of [...this.tenants.keys()]) this.drop(tenantId);
  }

  /** Reads back the reservations each copy believes held; drops tenants nobody asked for lately. */
  private sweep(): Promise<void> {
    if (this.sweeping || !this.listening) return this.sweeping ?? Promise.resolve();
    this.sweeping = (async () => {
      // Reservations end at instants of the app's clock; the copy's own housekeeping runs on real time.
      const now = this.clock.now();
      const elapsedNow = Date.now();
      for (const [tenantId, copy] of [...this.tenants]) {
        if (elapsedNow - copy.lastAsked > IDLE_TENANT_MS) {
          this.drop(tenantId);
          continue;
        }
        if (!copy.ready) continue;
        if (elapsedNow - copy.loadedAt > this.config.routingAgentCopy.reloadMs && !copy.reloading)
          void copy
            .reload()
            .catch((error: unknown) =>
              this.logger.warn(`routing copy of tenant ${tenantId} not reloaded: ${String(error)}`),
            );
        await copy.sweepReservations(now);
      }
    })()
      .catch((error: unknown) => this.logger.warn(`routing copy sweep failed: ${String(error)}`))
      .finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private onNotification(payload: string | undefined): void {
    if (!payload) return;
    const space = payload.indexOf(' ');
    if (space < 0) return;
    const copy = this.tenants.get(payload.slice(0, space));
    if (!copy) return;
    copy.dirty.add(payload.slice(space + 1));
    if (copy.ready) void copy.refresh().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.routingAgentCopy.listenUrl ?? this.em.config.getClientUrl(),
      application_name: 'dispatch-routing-copy',
    });
    const lost = (error?: unknown) => {
      const why = error instanceof Error ? error.message : 'connection ended';
      if (this.listener !== client) return;
      this.listener = null;
      this.listening = false;
      this.dropAll(); // notifications are lost while disconnected: load afresh
      if (!this.stopped)
        this.logger.warn(
          `routing copy stopped following routing_agent (${why}); choosing in SQL until it reconnects`,
        );
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => this.onNotification(message.payload));
    this.listener = client;
    try {
      await client.connect();
      await client.query(`listen ${ROUTING_AGENT_CHANNEL}`);
      if (this.listener !== client) return;
      this.dropAll();
      this.listening = true;
      this.reconnectMs = 500;
    } catch (error) {
      lost(error);
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.stats.reconnects += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, this.reconnectMs);
    this.reconnectTimer.unref();
    this.reconnectMs = Math.min(MAX_RECONNECT_MS, this.reconnectMs * 2);
  }
}
