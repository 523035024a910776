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
  eventStreamName,
  PRESENCE_EVENTS_V1,
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
  TrackAgentWindowCommand,
  type TrackWindowResult,
} from '../../application/track-agent-window/track-agent-window.command';

/** The durable consumer's name (and its inbox key in `dispatch.processed_event`). */
export const SMS_PRESENCE_DURABLE = 'dispatch-sms-windows';
/** Every presence event of every tenant. */
export const SMS_PRESENCE_FILTER = 'presence.evt.>';
const START_RETRY_MS = 5000;
const PRESENCE_TYPES = new Set<string>(PRESENCE_EVENTS_V1.map((e) => e.type));

/**
 * Follows every presence event (durable, explicit acks, shared by replicas) for SMS around the
 * window (ADR 28): the window store keeps the newest by sequence, so a redelivered or late event
 * changes nothing; the unreachable notice is logged by event id, so it goes out once. A new
 * consumer starts at new events.
 */
@Injectable()
export class SmsPresenceConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SmsPresenceConsumer.name);
  private consumer: DurableConsumer | null = null;

  constructor(
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    private readonly em: EntityManager,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const consumer = new DurableConsumer(
      this.js,
      this.jsm,
      {
        stream: eventStreamName('presence'),
        durable: SMS_PRESENCE_DURABLE,
        filterSubject: SMS_PRESENCE_FILTER,
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
        `cannot follow ${eventStreamName('presence')} yet (${error instanceof Error ? error.message : String(error)}); retrying`,
      ),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Applies one event; public for tests. Null when it was applied before. */
  async handle(event: CloudEvent): Promise<TrackWindowResult | 'ignored' | null> {
    if (!PRESENCE_TYPES.has(event.type)) return 'ignored';
    const parsed = PresenceEventDataV1Schema.safeParse(event.data);
    if (!parsed.success) throw new PoisonMessageError(`not presence event data: ${parsed.error.message}`);
    const data = parsed.data;
    return withLogFields({ tenantId: data.tenantId }, async () => {
      let result: TrackWindowResult | null = null;
      await applyOnce(this.em, SMS_PRESENCE_DURABLE, event.id, async () => {
        result = await this.commands.execute(
          new TrackAgentWindowCommand(
            event.id,
            data.tenantId,
            data.agentId,
            data.sequence,
            data.state,
            data.reason,
            data.expiresAt === null ? null : new Date(data.expiresAt),
          ),
        );
      });
      return result;
    });
  }
}
