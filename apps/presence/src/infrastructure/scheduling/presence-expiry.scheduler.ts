import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Clock } from '@tp/ddd';
import { Metrics, OutboxRelayService } from '@tp/platform';
import { Counter, Histogram } from 'prom-client';
import { PRESENCE_CONFIG, type PresenceConfig } from '../../presence.config';
import { PresenceExpirySweeper } from './presence-expiry.sweeper';

/**
 * Runs the expiry sweeper on every replica, every `PRESENCE_SWEEP_INTERVAL_MS` (default 250 ms),
 * so that nobody stays online more than about that past their expiry; replicas claim disjoint
 * rows, and a replica that starts after downtime catches up on its first round.
 */
@Injectable()
export class PresenceExpiryScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PresenceExpiryScheduler.name);
  private readonly sweeper: PresenceExpirySweeper;
  private readonly expired: Counter;
  private readonly lateness: Histogram;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopped = true;

  constructor(
    em: EntityManager,
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
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.sweep().finally(() => {
        this.round = null;
        this.schedule(this.config.PRESENCE_SWEEP_INTERVAL_MS);
      });
    }, delayMs);
  }

  private async sweep(): Promise<void> {
    await Promise.all(Array.from({ length: this.config.PRESENCE_SWEEP_CONCURRENCY }, () => this.drain()));
  }

  /** Batches until one comes back short: nothing more is due now. */
  private async drain(): Promise<void> {
    try {
      for (;;) {
        const result = await this.sweeper.sweepOnce(this.clock.now(), (s) => this.lateness.observe(s));
        if (result.expired > 0) {
          this.expired.inc(result.expired);
          this.relay.kick();
        }
        if (result.claimed < this.config.PRESENCE_SWEEP_BATCH || this.stopped) return;
      }
    } catch (error) {
      this.logger.warn(
        `expiry round failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
