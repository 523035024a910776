import { Controller, Get, Header, Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { APP_INFO, type AppInfo } from '../nest/tokens';
import { lateRequests } from '../rpc/rpc';

/** One Prometheus registry per app process; other modules add their own metrics to it. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Histogram<'method' | 'route' | 'status'>;
  readonly outboxPublished: Counter;
  readonly eventsPublished: Counter<'type' | 'tenant'>;
  readonly outboxPending: Gauge;
  readonly outboxErrors: Counter;
  readonly outboxOldestAge: Gauge;
  readonly rpcLate: Counter<'subject'>;
  /** Set by the outbox relay: how many events wait, read at scrape time. */
  outboxPendingProbe: (() => Promise<number>) | null = null;
  /** Set by the outbox relay: how long the oldest waiting event has waited, read at scrape time. */
  outboxOldestAgeProbe: (() => Promise<number>) | null = null;

  constructor(@Inject(APP_INFO) app: AppInfo) {
    this.registry.setDefaultLabels({ app: app.name });
    // The event loop lag is sampled every 100 ms, not every 10 (prom-client's default): the 10 ms
    // timer alone cost an idle app 0.4% of a core (ADR 25); lag alerts start at 200 ms.
    collectDefaultMetrics({ register: this.registry, prefix: 'tp_', eventLoopMonitoringPrecision: 100 });
    this.httpRequests = new Histogram({
      name: 'tp_http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
      registers: [this.registry],
    });
    this.outboxPublished = new Counter({
      name: 'tp_outbox_published_total',
      help: 'Outbox events relayed to JetStream.',
      registers: [this.registry],
    });
    this.eventsPublished = new Counter({
      name: 'tp_events_published_total',
      help: 'Integration events published (relayed and marked sent), by CloudEvent type and tenant.',
      labelNames: ['type', 'tenant'],
      registers: [this.registry],
    });
    this.outboxErrors = new Counter({
      name: 'tp_outbox_relay_errors_total',
      help: 'Failed outbox relay rounds (the events stay pending and are retried).',
      registers: [this.registry],
    });
    this.rpcLate = new Counter({
      name: 'tp_rpc_late_requests_total',
      help: 'NATS requests not carried out because they arrived after their caller stopped waiting (ADR 15).',
      labelNames: ['subject'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [subject, count] of lateRequests()) this.inc({ subject }, count);
      },
    });
    const probe = () => this.outboxPendingProbe;
    this.outboxPending = new Gauge({
      name: 'tp_outbox_pending',
      help: 'Outbox events committed but not yet relayed.',
      registers: [this.registry],
      async collect() {
        const read = probe();
        if (read) this.set(await read().catch(() => -1));
      },
    });
    const ageProbe = () => this.outboxOldestAgeProbe;
    this.outboxOldestAge = new Gauge({
      name: 'tp_outbox_oldest_pending_age_seconds',
      help: 'Seconds since the oldest event not yet relayed was committed (0 when none waits; -1 when unknown).',
      registers: [this.registry],
      async collect() {
        const read = ageProbe();
        if (read) this.set(await read().catch(() => -1));
      },
    });
  }
}

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
