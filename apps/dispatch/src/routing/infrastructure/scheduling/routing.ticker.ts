import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { MaxWaitEnforcer } from '../../application/max-wait-enforcer';
import { OfferEngine } from '../../application/offer-engine';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';

/** One job run every tick, never overlapping itself. */
class TickedJob {
  running: Promise<void> | null = null;

  constructor(
    readonly name: string,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  tick(): void {
    if (this.running) return;
    this.running = this.work()
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn(`${this.name} failed: ${String(error)}`))
      .finally(() => (this.running = null));
  }
}

/**
 * Every DISPATCH_ROUTING_TICK_MS on every replica, two jobs side by side (each never overlapping
 * itself, neither waiting for the other): the offer engine's tick, the safety net behind the
 * event-driven offers (a replica that died mid-offer, an event missed), the give-up of offers no
 * callback settled and the end of wrap-ups (a due time in PostgreSQL, so a restart loses none);
 * and the maximum wait, so that a slow offer round (Twilio taking its time to place a call) never
 * makes a caller wait past their deadline. The SQL makes replicas share the work safely.
 */
@Injectable()
export class RoutingTicker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RoutingTicker.name);
  private readonly jobs: TickedJob[];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    engine: OfferEngine,
    maxWait: MaxWaitEnforcer,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {
    this.jobs = [
      new TickedJob('routing tick', () => engine.tick(), this.logger),
      new TickedJob('maximum wait round', () => maxWait.enforce(), this.logger),
    ];
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      for (const job of this.jobs) job.tick();
    }, this.config.offers.tickMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.jobs.map((job) => job.running ?? Promise.resolve()));
  }
}
