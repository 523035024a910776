import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { OfferEngine } from '../../application/routing/offer-engine';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../dispatch.config';

/**
 * Runs the offer engine's tick every DISPATCH_ROUTING_TICK_MS on every replica: the safety net
 * behind the event-driven offers (a replica that died mid-offer, an event missed), the give-up of
 * offers no callback settled, and the end of wrap-ups (a due time in PostgreSQL, so a restart loses
 * none). Ticks never overlap; the SQL makes replicas share the work safely.
 */
@Injectable()
export class RoutingTicker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RoutingTicker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly engine: OfferEngine,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.engine
        .tick()
        .catch((error: unknown) => this.logger.warn(`routing tick failed: ${String(error)}`))
        .finally(() => (this.running = null));
    }, this.config.offers.tickMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
