import type { JetStreamClient } from '@nats-io/jetstream';
import { EventPublisher } from './event-publisher.port';

/** Publishes to JetStream with `Nats-Msg-Id` = event id and waits for the stream's ack. */
export class JetStreamEventPublisher extends EventPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly timeoutMs = 5000,
  ) {
    super();
  }

  async publish(subject: string, eventId: string, payload: unknown): Promise<{ duplicate: boolean }> {
    const ack = await this.js.publish(subject, JSON.stringify(payload), {
      msgID: eventId,
      timeout: this.timeoutMs,
    });
    return { duplicate: ack.duplicate };
  }
}
