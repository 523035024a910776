import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import {
  AgentWentOfflineV1,
  eventStreamName,
  PresenceEventDataV1Schema,
  type CloudEvent,
} from '@tp/contracts';
import {
  applyOnce,
  DurableConsumer,
  JETSTREAM,
  JETSTREAM_MANAGER,
  PoisonMessageError,
  withLogFields,
} from '@tp/platform';
import {
  NotifyExpiredAgentCommand,
  type ExpiryNoticeResult,
} from '../../application/notify-expired-agent/notify-expired-agent.command';

/** The durable consumer's name (and its inbox key in `dispatch.processed_event`). */
export const EXPIRY_NOTICE_DURABLE = 'dispatch-expiry-notice';
/** Only the offline events of every tenant. */
export const EXPIRY_NOTICE_FILTER = 'presence.evt.*.agent-went-offline.v1';
/** How often to try again while the presence stream does not exist yet (presence not started). */
const START_RETRY_MS = 5000;

/**
 * Follows `agent-went-offline` on PRESENCE_EVENTS (durable, explicit acks, shared by replicas) and
 * calls an agent whose hours ran out, if their flow asks for it. `applyOnce` commits the inbox row
 * with the notice record, so a redelivered event places no second call once the first was recorded.
 * A new consumer starts at new events: a first deployment does not ring phones about old expiries.
 */
@Injectable()
export class ExpiryNoticeConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ExpiryNoticeConsumer.name);
  private consumer: DurableConsumer | null = null;

  constructor(
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    private readonly em: EntityManager,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Applies one event; public for tests. Answers what came of it, or null when it was applied before. */
  async handle(event: CloudEvent): Promise<ExpiryNoticeResult | 'ignored' | null> {
    if (event.type !== AgentWentOfflineV1.type) return 'ignored';
    const parsed = PresenceEventDataV1Schema.safeParse(event.data);
    if (!parsed.success) throw new PoisonMessageError(`not presence event data: ${parsed.error.message}`);
    const data = parsed.data;
    if (data.reason !== 'expired') return 'not-an-expiry';
    return withLogFields({ tenantId: data.tenantId }, async () => {
      let result: ExpiryNoticeResult | null = null;
      await applyOnce(this.em, EXPIRY_NOTICE_DURABLE, event.id, async () => {
        result = await this.commands.execute(
          new NotifyExpiredAgentCommand(
            event.id,
            data.tenantId,
            data.agentId,
            data.reason,
            new Date(data.occurredAt),
          ),
        );
      });
      return result;
    });
  }

  private async start(): Promise<void> {
    const consumer = new DurableConsumer(
      this.js,
      this.jsm,
      {
        stream: eventStreamName('presence'),
        durable: EXPIRY_NOTICE_DURABLE,
        filterSubject: EXPIRY_NOTICE_FILTER,
        deliverPolicy: 'new',
      },
      async (event) => {
        await this.handle(event);
      },
      {
        warn: (m, meta) => this.logger.warn(`${m} ${JSON.stringify(meta ?? {})}`),
        error: (m, meta) => this.logger.error(`${m} ${JSON.stringify(meta ?? {})}`),
      },
    );
    this.consumer = consumer;
    await consumer.startWhenReady(START_RETRY_MS, (error) =>
      this.logger.warn(
        `cannot follow ${eventStreamName('presence')} yet (${error instanceof Error ? error.message : String(error)}); ` +
          `expiry notices start once presence has created its stream, retrying every ${START_RETRY_MS / 1000} s`,
      ),
    );
  }
}
