import { createInbox, headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/nats-core';
import { EventPublisher } from './event-publisher.port';

interface WaitingAck {
  resolve: (ack: { duplicate: boolean }) => void;
  reject: (error: Error) => void;
  deadline: number;
}

interface PubAckBody {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  error?: { code?: number; err_code?: number; description?: string };
}

/**
 * Publishes to JetStream with `Nats-Msg-Id` = event id and resolves on the stream's ack.
 *
 * A JetStream publish is a NATS request whose reply is the stream's ack. Instead of one
 * `js.publish` request each (a promise, a timer and three captured stack traces per message, most
 * of the relay's CPU in a burst), every message is published with a reply subject under one
 * wildcard inbox subscription, and the acks are matched by token: the same protocol, the same acks
 * (`duplicate` when the stream dropped a repeated `Nats-Msg-Id`), a fraction of the CPU. Messages
 * published one after another on this connection are stored in that order.
 */
export class JetStreamEventPublisher extends EventPublisher {
  private readonly inbox: string;
  private readonly waiting = new Map<string, WaitingAck>();
  private subscription: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private next = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = 5000,
  ) {
    super();
    this.inbox = createInbox();
  }

  publish(subject: string, eventId: string, json: string): Promise<{ duplicate: boolean }> {
    this.listen();
    const token = (this.next++).toString(36);
    return new Promise((resolve, reject) => {
      this.waiting.set(token, { resolve, reject, deadline: Date.now() + this.timeoutMs });
      this.armTimer();
      const h = headers();
      h.set('Nats-Msg-Id', eventId);
      try {
        this.nc.publish(subject, json, { reply: `${this.inbox}.${token}`, headers: h });
      } catch (error) {
        this.waiting.delete(token);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  private listen(): void {
    if (this.subscription && !this.subscription.isClosed()) return;
    const prefix = this.inbox.length + 1;
    this.subscription = this.nc.subscribe(`${this.inbox}.*`, {
      callback: (error, msg) => {
        if (error) {
          this.failAll(error);
          return;
        }
        const token = msg.subject.slice(prefix);
        const waiting = this.waiting.get(token);
        if (!waiting) return; // timed out already
        this.waiting.delete(token);
        const outcome = readAck(msg);
        if (outcome instanceof Error) waiting.reject(outcome);
        else waiting.resolve(outcome);
      },
    });
  }

  /** One timer for all waiting acks: rejects those past their deadline. */
  private armTimer(): void {
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        const now = Date.now();
        for (const [token, waiting] of this.waiting) {
          if (waiting.deadline > now) continue;
          this.waiting.delete(token);
          waiting.reject(new Error(`no JetStream ack within ${this.timeoutMs} ms`));
        }
        if (this.waiting.size > 0) this.armTimer();
      },
      Math.min(this.timeoutMs, 1000),
    );
    this.timer.unref();
  }

  private failAll(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

function readAck(msg: Msg): { duplicate: boolean } | Error {
  if (msg.headers?.code === 503) return new Error('no JetStream stream takes this subject');
  let body: PubAckBody;
  try {
    body = msg.json<PubAckBody>();
  } catch {
    return new Error('unreadable JetStream ack');
  }
  if (body.error) return new Error(`JetStream refused the message: ${body.error.description ?? 'error'}`);
  if (!body.stream) return new Error('invalid JetStream ack');
  return { duplicate: body.duplicate === true };
}
