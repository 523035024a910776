import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_INFO, PgListener, qualifiedTable, type AppInfo } from '@tp/platform';
import { MaxWaitEnforcer } from '../../application/max-wait-enforcer';
import { OfferEngine } from '../../application/offer-engine';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';

/**
 * What the triggers of `waiting_call` and `offer` notify when a call is queued or a wrap-up begins
 * (migration 20261207190000): the only ways from nothing in flight to something due.
 */
export const ROUTING_WAKE_CHANNEL = 'tp_dispatch_routing_wake';

/** One job run every tick, never overlapping itself. */
class TickedJob {
  running: Promise<void> | null = null;

  constructor(
    readonly name: string,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  tick(): Promise<void> {
    this.running ??= this.work()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`${this.name} failed: ${String(error)}`))
      .finally(() => (this.running = null));
    return this.running;
  }
}

/**
 * Every DISPATCH_ROUTING_TICK_MS on every replica, two jobs side by side (each never overlapping
 * itself, neither waiting for the other): the offer engine's tick, the safety net behind the
 * event-driven offers (a replica that died mid-offer, an event missed), the give-up of offers no
 * callback settled and the end of wrap-ups (a due time in PostgreSQL, so a restart loses none);
 * and the maximum wait, so that a slow offer round (Twilio taking its time to place a call) never
 * makes a caller wait past their deadline. The SQL makes replicas share the work safely.
 *
 * While nothing is in flight (no waiting call, open offer, unfinished wrap-up, pending dequeue or
 * agent to settle as unreachable: one look at five partial indexes after each tick) there is nothing for a tick to do, and the
 * ticker sleeps DISPATCH_ROUTING_IDLE_TICK_MS instead (ADR 25); triggers notify every replica when
 * a call is queued or a call's wrap-up begins (an answered call is in flight for nobody while it
 * lasts), which ticks at once and resumes the short tick.
 */
@Injectable()
export class RoutingTicker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RoutingTicker.name);
  private readonly jobs: TickedJob[];
  private readonly listener: PgListener;
  private readonly schema: string;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopped = true;
  /** A notification came since the current tick began looking. */
  private heard = false;
  /** Whether the last tick found nothing in flight (the ticker sleeps long then). */
  idle = false;

  constructor(
    engine: OfferEngine,
    maxWait: MaxWaitEnforcer,
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
    @Inject(DISPATCH_CONFIG)
    private readonly config: Pick<DispatchConfig, 'offers' | 'routingIdleTickMs' | 'routingAgentCopy'>,
  ) {
    this.schema = app.schema;
    this.jobs = [
      new TickedJob('routing tick', () => engine.tick(), this.logger),
      new TickedJob('maximum wait round', () => maxWait.enforce(), this.logger),
    ];
    this.listener = new PgListener({
      connectionString: config.routingAgentCopy.listenUrl ?? em.config.getClientUrl(),
      applicationName: 'dispatch-routing-ticker',
      channels: [ROUTING_WAKE_CHANNEL],
      onNotification: () => this.wake(),
      // Notifications sent while not listening went unheard: tick now.
      onListening: () => this.wake(),
    });
  }

  /** Whether the wake-up notifications are heard now (else the ticker never sleeps long). */
  get listening(): boolean {
    return this.listener.listening;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    this.schedule(this.config.offers.tickMs);
    await this.listener.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.listener.stop();
    await this.round;
    await Promise.all(this.jobs.map((job) => job.running ?? Promise.resolve()));
  }

  /** A call was queued or a wrap-up began: tick now if sleeping long (while busy the short tick runs anyway). */
  private wake(): void {
    this.heard = true;
    if (this.stopped || !this.idle) return;
    this.idle = false;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.round = this.tick().finally(() => (this.round = null));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    // The next tick comes at the usual cadence even while a job overruns (the other job still runs).
    this.schedule(this.config.offers.tickMs);
    await Promise.all(this.jobs.map((job) => job.tick()));
    this.heard = false;
    try {
      const busy = await this.inFlight();
      // A call queued while looking may be missing from what was read: it counts as in flight.
      this.idle = this.listener.listening && !busy && !this.heard;
    } catch (error) {
      this.idle = false;
      this.logger.warn(`routing ticker could not tell whether anything is in flight: ${String(error)}`);
    }
    if (this.idle) this.schedule(this.config.routingIdleTickMs);
  }

  /**
   * Whether any call waits, offer rings, wrap-up runs, dequeue is pending or agent is to be settled
   * as unreachable (each a partial index).
   */
  private async inFlight(): Promise<boolean> {
    const calls = qualifiedTable(this.schema, 'waiting_call');
    const offers = qualifiedTable(this.schema, 'offer');
    const agents = qualifiedTable(this.schema, 'routing_agent');
    const [row] = await this.em.fork().execute<{ busy: boolean }[]>(
      `select exists(select 1 from ${calls} where status in ('waiting', 'offering'))
           or exists(select 1 from ${calls} where dequeue_status = 'pending')
           or exists(select 1 from ${offers} where status in ('placing', 'ringing'))
           or exists(select 1 from ${offers} where wrap_up_until is not null and freed_at is null)
           or exists(select 1 from ${agents} where consecutive_misses > 0 and consecutive_misses >= ?) as busy`,
      [this.config.offers.maxConsecutiveMisses],
    );
    return row?.busy === true;
  }
}
