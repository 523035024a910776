import { Inject, Injectable, Logger } from '@nestjs/common';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';

/**
 * Load shedding of this replica's flow webhooks (DISPATCH_MAX_WEBHOOKS_IN_FLIGHT): counts the
 * webhooks being answered now and, at the limit, tells a new call to get the apology at once, so
 * calls already in the flow keep their turns.
 */
@Injectable()
export class WebhookLoadShedder {
  private readonly logger = new Logger('TwilioWebhook');
  private inFlight = 0;
  /** New calls apologised to at once since the start (logged now and then, counted in metrics). */
  private shed = 0;

  constructor(@Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig) {}

  /** Whether a new call is to be turned away now (and counted as such). */
  shedsNewCall(): boolean {
    if (this.inFlight < this.config.maxWebhooksInFlight) return false;
    this.shed += 1;
    if (this.shed === 1 || this.shed % 100 === 0)
      this.logger.warn(
        `${this.inFlight} webhooks in flight (DISPATCH_MAX_WEBHOOKS_IN_FLIGHT): new calls get the apology at once (${this.shed} so far)`,
      );
    return true;
  }

  /** Runs a webhook's work, counted as in flight while it runs. */
  async carry<T>(work: () => Promise<T>): Promise<T> {
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }
}
