import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  AgentSessionClosedV1,
  eventStreamName,
  eventWildcard,
  PRESENCE_KV_BUCKET,
  PresenceEventDataV1Schema,
  presenceKvKey,
  type CloudEvent,
  type PresenceKvEntry,
} from '@tp/contracts';
import {
  DurableConsumer,
  ensureStream,
  JETSTREAM,
  JETSTREAM_MANAGER,
  NATS_CONNECTION,
  PoisonMessageError,
  streamReplicas,
} from '@tp/platform';

export const KV_PROJECTOR_DURABLE = 'presence-kv-projector';

/**
 * Keeps the `presence` key-value bucket equal to the latest event of each agent (`<tenant>.<agent>`),
 * so that a new subscriber reads a snapshot and then watches. It follows the presence stream with a
 * durable consumer; a write only replaces an entry of a lower sequence (compare-and-set on the
 * entry's revision), so redeliveries and out-of-order events change nothing.
 */
@Injectable()
export class PresenceKvProjector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PresenceKvProjector.name);
  private consumer: DurableConsumer | null = null;
  private kv: KV | null = null;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.kv = await new Kvm(this.nc).create(PRESENCE_KV_BUCKET, { history: 1, replicas: streamReplicas() });
    await ensureStream(this.jsm, {
      name: eventStreamName('presence'),
      subjects: [eventWildcard('presence')],
    });
    this.consumer = new DurableConsumer(
      this.js,
      this.jsm,
      { stream: eventStreamName('presence'), durable: KV_PROJECTOR_DURABLE },
      async (event) => {
        await this.project(event);
      },
      {
        warn: (m, meta) => this.logger.warn(`${m} ${JSON.stringify(meta ?? {})}`),
        error: (m, meta) => this.logger.error(`${m} ${JSON.stringify(meta ?? {})}`),
      },
    );
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Applies one event to the bucket; public for tests. */
  async project(event: CloudEvent): Promise<'written' | 'stale' | 'ignored'> {
    if (event.type === AgentSessionClosedV1.type) return 'ignored'; // a session's record, not a presence change
    const parsed = PresenceEventDataV1Schema.safeParse(event.data);
    if (!parsed.success) throw new PoisonMessageError(`not presence event data: ${parsed.error.message}`);
    const data = parsed.data;
    const kv = this.kv!;
    const key = presenceKvKey(data.tenantId, data.agentId);
    const value: PresenceKvEntry = {
      tenantId: data.tenantId,
      agentId: data.agentId,
      state: data.state,
      expiresAt: data.expiresAt,
      breakEndsAt: data.breakEndsAt,
      sequence: data.sequence,
      reason: data.reason,
      changedAt: data.occurredAt,
    };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await kv.get(key);
      const stored = current && current.operation === 'PUT' ? current.json<PresenceKvEntry>() : null;
      if (stored && stored.sequence >= data.sequence) return 'stale';
      try {
        if (current) await kv.update(key, JSON.stringify(value), current.revision);
        else await kv.create(key, JSON.stringify(value));
        return 'written';
      } catch {
        // Someone wrote the key meanwhile (another replica): read again and compare sequences.
      }
    }
    throw new Error(`could not write ${key} after 5 attempts`);
  }
}
