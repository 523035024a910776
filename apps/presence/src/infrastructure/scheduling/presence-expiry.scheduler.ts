import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Clock } from '@tp/ddd';
import { Metrics, OutboxRelayService, PgListener } from '@tp/platform';
import { Counter, Histogram } from 'prom-client';
import { PRESENCE_CONFIG, type PresenceConfig } from '../../presence.config';
import { BREAK_PREDICATE, DUE_PREDICATE } from '../persistence/agent-presence.record';
import { PresenceExpirySweeper } from './presence-expiry.sweeper';

/** What `agent_presence`'s triggers notify when an expiry or a break end is set (migrations 20261207190000, 20261207221000). */
export const PRESENCE_EXPIRY_CHANNEL = 'tp_presence_expiry';
/** The sleep cap while the listening connection is down (a new expiry would go unheard). */
const UNHEARD_INTERVAL_MS = 250;
/** The pause before looking again when rows due now were claimed by another replica. */
const CLAIMED_ELSEWHERE_MS = 250;

/**
 * Sets agents offline when their hours run out, and ends breaks (ADR 26), on every replica, sleeping until the next due time
 * in between (ADR 25): after each sweep it reads the earliest due `expires_at` (one lookup in the
 * sweep's partial index) and sleeps until then, at most `PRESENCE_SWEEP_INTERVAL_MS` (the safety
 * interval). A trigger on `agent_presence` notifies whenever an expiry is set, by any replica or
 * the admin API, and the scheduler looks again then, so an earlier expiry shortens its sleep.
 * Replicas claim disjoint rows (the sweeper), so an expiry happens once; a replica that starts
 * after downtime (or listens again after losing its connection) sweeps at once and catches up.
 */
@Injectable()
export class PresenceExpiryScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PresenceExpiryScheduler.name);
  private readonly sweeper: PresenceExpirySweeper;
  private readonly expired: Counter;
  private readonly lateness: Histogram;
  private readonly listener: PgListener;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** A notification or the timer came while a round ran: it looks again before sleeping. */
  private woken = false;
  private stopped = true;

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly relay: OutboxRelayService,
    @Inject(PRESENCE_CONFIG) private readonly config: PresenceConfig,
    metrics: Metrics,
  ) {
    this.sweeper = new PresenceExpirySweeper(em, config.PRESENCE_SWEEP_BATCH);
    this.expired = new Counter({
      name: 'tp_presence_expired_total',
      help: 'Agents set offline because their hours ran out.',
      registers: [metrics.registry],
    });
    this.lateness = new Histogram({
      name: 'tp_presence_expiry_lateness_seconds',
      help: "Seconds between an agent's expiry and their being set offline by the sweep.",
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers: [metrics.registry],
    });
    this.listener = new PgListener({
      connectionString: config.PRESENCE_EXPIRY_LISTEN_URL ?? em.config.getClientUrl(),
      applicationName: 'presence-expiry',
      channels: [PRESENCE_EXPIRY_CHANNEL],
      onNotification: () => this.wake(false),
      // Expiries and break ends set while not listening went unheard: sweep and look again.
      onListening: () => this.wake(true),
      // Sleep at most 250 ms until listening again.
      onLost: () => this.wake(false),
    });
  }

  /** Whether a new expiry is heard now (else the scheduler sleeps at most 250 ms). */
  get listening(): boolean {
    return this.listener.listening;
  }

  /** Whether a round runs now (for tests). */
  get busy(): boolean {
    return this.running !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    this.wake(true);
    await this.listener.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.listener.stop();
    await this.running;
  }

  /** Runs a round now (sweeping first, or only looking at the next due time), or after this one. */
  private wake(sweep: boolean): void {
    if (this.stopped) return;
    if (this.running) {
      this.woken = true;
      return;
    }
    this.running = this.round(sweep).finally(() => (this.running = null));
  }

  private async round(sweep: boolean): Promise<void> {
    let delay = this.config.PRESENCE_SWEEP_INTERVAL_MS;
    try {
      for (;;) {
        this.woken = false;
        if (sweep) await this.sweep();
        const next = await this.nextDue();
        const wait = next === null ? Infinity : next.getTime() - this.clock.now().getTime();
        if (wait <= 0 && !sweep) {
          sweep = true;
          continue;
        }
        const cap = this.listener.listening ? this.config.PRESENCE_SWEEP_INTERVAL_MS : UNHEARD_INTERVAL_MS;
        delay = Math.min(wait <= 0 ? CLAIMED_ELSEWHERE_MS : wait, cap);
        if (!this.woken || this.stopped) break;
        sweep = false;
      }
    } catch (error) {
      delay = Math.min(this.config.PRESENCE_SWEEP_INTERVAL_MS, CLAIMED_ELSEWHERE_MS);
      this.logger.warn(
        `expiry round failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    this.schedule(delay);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake(true);
    }, delayMs);
  }

  /**
   * The earliest expiry or break end the sweep would act on, or null when nobody has one (one
   * lookup in each partial index). Rounded up to the
   * millisecond: a `Date` drops PostgreSQL's microseconds, and waking a fraction of a millisecond
   * early would find nothing due and wait for the next look.
   */
  private async nextDue(): Promise<Date | null> {
    const [row] = await this.em.fork().execute<{ due_ms: number | string | null }[]>(
      `select ceil(extract(epoch from least(
                (select min(expires_at) from "presence"."agent_presence" where ${DUE_PREDICATE}),
                (select min(break_ends_at) from "presence"."agent_presence" where ${BREAK_PREDICATE})
              )) * 1000)::float8 as due_ms`,
    );
    return row?.due_ms == null ? null : new Date(Number(row.due_ms));
  }

  private async sweep(): Promise<void> {
    await Promise.all(Array.from({ length: this.config.PRESENCE_SWEEP_CONCURRENCY }, () => this.drain()));
  }

  /** Batches until one comes back short: nothing more is due now. */
  private async drain(): Promise<void> {
    try {
      for (;;) {
        const result = await this.sweeper.sweepOnce(this.clock.now(), (s) => this.lateness.observe(s));
        if (result.expired > 0) this.expired.inc(result.expired);
        if (result.expired > 0 || result.breaksEnded > 0) this.relay.kick();
        if (result.claimed < this.config.PRESENCE_SWEEP_BATCH || this.stopped) return;
      }
    } catch (error) {
      this.logger.warn(
        `expiry round failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
