import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { AnyCloudEventSchema, type CloudEvent } from '@tp/contracts';
import { PoisonMessageError, TransientError } from './consumer-errors';

export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  filterSubject?: string;
  ackWaitMs?: number;
  /** After this many deliveries a failing message is terminated (and logged) instead of retried. */
  maxDeliver?: number;
  deliverPolicy?: 'all' | 'new';
}

export type EventHandler = (event: CloudEvent, msg: JsMsg) => Promise<void>;

export interface ConsumerLogger {
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/**
 * A durable pull consumer that acks only after the handler succeeded (never ack a
 * message whose handler failed). Transient failures are nak'ed with a delay, poison messages and
 * envelopes that do not parse are terminated, anything else is retried with backoff until
 * `maxDeliver`. Handlers must be idempotent: redeliveries and late acks happen.
 */
export class DurableConsumer {
  private messages: ConsumerMessages | null = null;
  private loop: Promise<void> | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private starting: Promise<void> | null = null;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly spec: DurableConsumerSpec,
    private readonly handler: EventHandler,
    private readonly logger: ConsumerLogger = console,
  ) {}

  /**
   * Starts now or, while the stream does not exist yet (the app that owns it has not started),
   * tries again every `retryMs`, telling `waiting` why each time, until it starts or `stop()` is
   * called. A start still in flight when `stop()` comes is stopped once it completes, so nothing
   * consumes after shutdown.
   */
  startWhenReady(retryMs: number, waiting: (error: unknown) => void): Promise<void> {
    const attempt = async (): Promise<void> => {
      if (this.stopped) return;
      try {
        await this.start();
      } catch (error) {
        if (this.stopped) return;
        waiting(error);
        this.retry = setTimeout(() => {
          this.starting = attempt();
        }, retryMs);
        this.retry.unref();
      }
    };
    this.starting = attempt();
    return this.starting;
  }

  async start(): Promise<void> {
    await this.ensure();
    const consumer = await this.js.consumers.get(this.spec.stream, this.spec.durable);
    this.messages = await consumer.consume({ max_messages: 64, expires: 5000 });
    this.loop = this.run(this.messages);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.starting;
    await this.messages?.close();
    await this.loop;
  }

  private async ensure(): Promise<void> {
    const config = {
      durable_name: this.spec.durable,
      ack_policy: AckPolicy.Explicit,
      ack_wait: nanos(this.spec.ackWaitMs ?? 30_000),
      max_deliver: this.spec.maxDeliver ?? 20,
      deliver_policy: this.spec.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
      ...(this.spec.filterSubject ? { filter_subject: this.spec.filterSubject } : {}),
    };
    try {
      await this.jsm.consumers.info(this.spec.stream, this.spec.durable);
    } catch (error) {
      if (!(error instanceof JetStreamApiError) || error.code !== 10014) throw error;
      await this.jsm.consumers.add(this.spec.stream, config);
    }
  }

  private async run(messages: ConsumerMessages): Promise<void> {
    for await (const msg of messages) {
      await this.handle(msg);
    }
  }

  private async handle(msg: JsMsg): Promise<void> {
    let event: CloudEvent;
    try {
      event = AnyCloudEventSchema.parse(msg.json());
    } catch (error) {
      this.logger.error('terminating a message that is not a CloudEvent', {
        subject: msg.subject,
        seq: msg.seq,
        reason: error instanceof Error ? error.message.slice(0, 200) : String(error),
      });
      msg.term();
      return;
    }
    try {
      await this.handler(event, msg);
      msg.ack();
    } catch (error) {
      const meta = { eventId: event.id, type: event.type, deliveries: msg.info.deliveryCount };
      if (error instanceof PoisonMessageError) {
        this.logger.error(`terminating poison event: ${error.message}`, meta);
        msg.term();
      } else if (msg.info.deliveryCount >= (this.spec.maxDeliver ?? 20)) {
        this.logger.error(
          `giving up on event after ${msg.info.deliveryCount} deliveries: ${String(error)}`,
          meta,
        );
        msg.term();
      } else {
        const delay =
          error instanceof TransientError
            ? error.retryAfterMs
            : Math.min(30_000, 250 * 2 ** Math.min(msg.info.deliveryCount, 7));
        this.logger.warn(`event handler failed, redelivering in ${delay} ms: ${String(error)}`, meta);
        msg.nak(delay);
      }
    }
  }
}
