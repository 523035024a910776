import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { JetStreamManager } from '@nats-io/jetstream';
import { eventStreamName, eventWildcard, type BoundedContext } from '@tp/contracts';
import type { PlatformEnv } from '../config/env';
import { EventPublisher } from '../messaging/event-publisher.port';
import { ensureStream } from '../messaging/jetstream-streams';
import { APP_INFO, JETSTREAM_MANAGER, PLATFORM_ENV, type AppInfo } from '../nest/tokens';
import { Metrics } from '../observability/metrics';
import { OutboxRelay } from './outbox.relay';

export const OUTBOX_CONTEXT = Symbol('OUTBOX_CONTEXT');

/**
 * Runs the app's outbox relay for the lifetime of the process: ensures the context's event stream,
 * relays whenever PostgreSQL notifies a commit to the outbox (any replica's), whenever a repository
 * `kick()`s after a flush, and on a slow safety poll (`OUTBOX_POLL_MS`); stops before shutdown.
 */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayService.name);
  private readonly relay: OutboxRelay;

  constructor(
    em: EntityManager,
    publisher: EventPublisher,
    private readonly metrics: Metrics,
    @Inject(APP_INFO) app: AppInfo,
    @Inject(PLATFORM_ENV) env: PlatformEnv,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    @Inject(OUTBOX_CONTEXT) private readonly context: BoundedContext,
  ) {
    const counting: EventPublisher = {
      publish: async (subject, id, payload) => {
        const ack = await publisher.publish(subject, id, payload);
        metrics.outboxPublished.inc();
        return ack;
      },
    };
    this.relay = new OutboxRelay(em, counting, {
      schema: app.schema,
      pollIntervalMs: env.OUTBOX_POLL_MS,
      listen: {
        connectionString: env.OUTBOX_LISTEN_URL ?? em.config.getClientUrl(),
        applicationName: `${app.name}-outbox`,
      },
      batchSize: env.OUTBOX_BATCH_SIZE,
      onPublished: (type, tenant) => metrics.eventsPublished.inc({ type, tenant }),
      onError: (error) => {
        metrics.outboxErrors.inc();
        this.logger.warn(
          `outbox relay round failed, will retry: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    });
    metrics.outboxPendingProbe = () => this.relay.pendingCount();
    metrics.outboxOldestAgeProbe = () => this.relay.oldestPendingAgeSeconds();
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureStream(this.jsm, {
      name: eventStreamName(this.context),
      subjects: [eventWildcard(this.context)],
    });
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  /** Relay now: called after a flush that wrote outbox rows. */
  kick(): void {
    this.relay.kick();
  }

  /** Whether the relay hears PostgreSQL's notifications now (else it polls quickly). */
  get listening(): boolean {
    return this.relay.listening;
  }
}
