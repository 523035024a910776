import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { APP_INFO, Metrics, qualifiedTable, type AppInfo } from '@tp/platform';
import { Counter, Gauge } from 'prom-client';
import { RoutingAgentMirror } from '../persistence/routing-agent-mirror';

/**
 * The customer calls waiting for an agent, per tenant, read from `waiting_call` when Prometheus
 * scrapes (every replica reports the same truth): `tp_routing_waiting_calls{tenant}` and
 * `tp_routing_longest_wait_seconds{tenant}` (the caller waiting longest, offers included). Offers
 * made, accepted and missed, and calls answered, abandoned and timed out, are counted from the
 * events themselves: `tp_events_published_total{type,tenant}`. And how this replica chooses
 * (ADR 16): `tp_routing_choices_total{by="copy"|"sql"}`, `tp_routing_copy_conflicts_total` and
 * `tp_routing_copy_available` (0 while its listening connection is down: every choice in SQL).
 */
@Injectable()
export class RoutingMetrics {
  private readonly logger = new Logger(RoutingMetrics.name);
  private snapshot: Promise<{ tenant_id: string; n: string; longest: string | number }[]> | null = null;
  private readonly table: string;

  constructor(
    private readonly em: EntityManager,
    metrics: Metrics,
    @Inject(APP_INFO) app: AppInfo,
    @Optional() @Inject(RoutingAgentMirror) mirror: RoutingAgentMirror | null = null,
  ) {
    this.table = qualifiedTable(app.schema, 'waiting_call');
    if (mirror) {
      new Counter({
        name: 'tp_routing_choices_total',
        help: 'Agents reserved by this replica, by how they were chosen: from its copy, or by the SQL statement.',
        labelNames: ['by'],
        registers: [metrics.registry],
        collect() {
          this.reset();
          this.inc({ by: 'copy' }, mirror.stats.fromCopy);
          this.inc({ by: 'sql' }, mirror.stats.fromSql);
        },
      });
      new Counter({
        name: 'tp_routing_copy_conflicts_total',
        help: "Reservations from this replica's copy that found it stale (another replica was first).",
        registers: [metrics.registry],
        collect() {
          this.reset();
          this.inc(mirror.stats.conflicts);
        },
      });
      new Gauge({
        name: 'tp_routing_copy_available',
        help: "1 while this replica's copy of the routing agents follows the table, 0 while every choice is made in SQL.",
        registers: [metrics.registry],
        collect() {
          this.set(mirror.available ? 1 : 0);
        },
      });
    }
    const read = () => this.read();
    new Gauge({
      name: 'tp_routing_waiting_calls',
      help: 'Customer calls waiting for an agent (being offered included), by tenant, at scrape time.',
      labelNames: ['tenant'],
      registers: [metrics.registry],
      async collect() {
        const rows = await read();
        this.reset();
        for (const row of rows) this.set({ tenant: row.tenant_id }, Number(row.n));
      },
    });
    new Gauge({
      name: 'tp_routing_longest_wait_seconds',
      help: 'How long the caller waiting longest has waited, by tenant, at scrape time.',
      labelNames: ['tenant'],
      registers: [metrics.registry],
      async collect() {
        const rows = await read();
        this.reset();
        for (const row of rows) this.set({ tenant: row.tenant_id }, Number(row.longest));
      },
    });
  }

  /** One query per scrape for both gauges; nothing on failure (logged). */
  private read(): Promise<{ tenant_id: string; n: string; longest: string | number }[]> {
    this.snapshot ??= this.em
      .fork()
      .execute<{ tenant_id: string; n: string; longest: string | number }[]>(
        `select tenant_id, count(*) as n, extract(epoch from now() - min(enqueued_at)) as longest
           from ${this.table} where status in ('waiting', 'offering') group by tenant_id`,
      )
      .catch((error: unknown) => {
        this.logger.warn(`could not read waiting calls for /metrics: ${String(error)}`);
        return [];
      })
      .finally(() => setTimeout(() => (this.snapshot = null), 1000).unref());
    return this.snapshot;
  }
}
