import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { CloudEvent } from '@tp/contracts';
import { createTestDatabase, TEST_NATS_URL, uniqueSuffix, waitFor } from '@tp/stack-harness';
import { Client } from 'pg';
import { EventPublisher } from '../messaging/event-publisher.port';
import { ensureStream } from '../messaging/jetstream-streams';
import { JetStreamEventPublisher } from '../messaging/jetstream-event.publisher';
import { connectNats } from '../messaging/nats-connection';
import { ProcessedEventSchema } from '../messaging/processed-event.record';
import { createOrmOptions } from '../persistence/orm-options';
import { OutboxMessageSchema } from './outbox-message.record';
import { addToOutbox } from './outbox.writer';
import { OutboxRelay } from './outbox.relay';

const SCHEMA = 'relaytest';

describe(OutboxRelay.name, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let stream: string;
  let prefix: string;
  let publisher: JetStreamEventPublisher;
  let sequence = 0;

  beforeAll(async () => {
    db = await createTestDatabase('outbox');
    orm = await MikroORM.init(
      createOrmOptions({
        schema: SCHEMA,
        clientUrl: db.url,
        entities: [OutboxMessageSchema, ProcessedEventSchema],
        migrations: [],
      }),
    );
    await orm.schema.createSchema();
    nc = await connectNats(TEST_NATS_URL, 'outbox-int-spec');
    jsm = await jetstreamManager(nc);
    publisher = new JetStreamEventPublisher(nc);
  });

  beforeEach(async () => {
    const suffix = uniqueSuffix();
    stream = `TEST_OUTBOX_${suffix}`;
    prefix = `t${suffix}`;
    await ensureStream(jsm, { name: stream, subjects: [`${prefix}.evt.>`] });
    await orm.em.fork().getConnection().execute(`truncate "${SCHEMA}"."outbox_message"`);
    sequence = 0;
  });

  afterEach(async () => {
    await jsm.streams.delete(stream);
  });

  afterAll(async () => {
    await nc?.drain();
    await orm?.close(true);
    await db?.drop();
  });

  /** Commits `n` state changes, each with its event in the same flush. */
  async function commitEvents(n: number): Promise<void> {
    const em = orm.em.fork();
    addToOutbox(
      em,
      Array.from({ length: n }, () => {
        sequence += 1;
        const event: CloudEvent<{ sequence: number }> = {
          specversion: '1.0',
          id: randomUUID(),
          source: 'test',
          type: 'test.thing-happened.v1',
          time: new Date().toISOString(),
          subject: 'thing',
          datacontenttype: 'application/json',
          data: { sequence },
        };
        return { subject: `${prefix}.evt.acme.thing-happened.v1`, tenantId: 'acme', event };
      }),
    );
    await em.flush();
  }

  async function storedSequences(): Promise<number[]> {
    const info = await jsm.streams.info(stream);
    const js = jetstream(nc);
    const consumer = await js.consumers.get(stream);
    const seen: number[] = [];
    if (info.state.messages === 0) return seen;
    const messages = await consumer.fetch({ max_messages: info.state.messages, expires: 2000 });
    for await (const msg of messages) {
      seen.push(msg.json<CloudEvent<{ sequence: number }>>().data.sequence);
      if (seen.length === info.state.messages) break;
    }
    return seen;
  }

  const relay = (pub: EventPublisher = publisher, batchSize = 100) =>
    new OutboxRelay(orm.em, pub, { schema: SCHEMA, batchSize, pollIntervalMs: 20 });

  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  it('publishes every committed event once, in commit order, and marks it sent', async () => {
    await commitEvents(250);
    const heard: string[] = [];

    const result = await new OutboxRelay(orm.em, publisher, {
      schema: SCHEMA,
      pollIntervalMs: 20,
      onPublished: (type, tenantId) => heard.push(`${type}/${tenantId}`),
    }).drain();

    expect(result).toMatchObject({ ran: true, published: 250, duplicates: 0 });
    expect(heard).toEqual(Array.from({ length: 250 }, () => 'test.thing-happened.v1/acme'));
    expect(await storedSequences()).toEqual(range(250));
    expect(await relay().pendingCount()).toBe(0);
    expect((await relay().drain()).published).toBe(0);
  });

  it('publishes an event once when the relay died after the commit and before publishing', async () => {
    await commitEvents(30);
    const dying = new (class extends EventPublisher {
      publish(): Promise<{ duplicate: boolean }> {
        return Promise.reject(new Error('relay process killed before publish'));
      }
    })();

    await relay(dying).drain();
    expect((await jsm.streams.info(stream)).state.messages).toBe(0);
    const result = await relay().drain();

    expect(result.published).toBe(30);
    expect(await storedSequences()).toEqual(range(30));
  });

  it('publishes an event once when the relay died after publishing and before marking it sent', async () => {
    await commitEvents(40);
    // Publishes for real, then the relay's database connection dies mid-transaction, as with a
    // killed pod: its claim and its `sent_at` update are rolled back by PostgreSQL.
    const killer = new Client({ connectionString: db.url });
    await killer.connect();
    let published = 0;
    const crashing = new (class extends EventPublisher {
      async publish(subject: string, id: string, json: string): Promise<{ duplicate: boolean }> {
        const ack = await publisher.publish(subject, id, json);
        published += 1;
        if (published === 40) {
          await killer.query(
            `select pg_terminate_backend(pid) from pg_stat_activity
              where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`,
          );
        }
        return ack;
      }
    })();

    await expect(relay(crashing).drain()).rejects.toThrow();
    await killer.end();
    expect(await relay().pendingCount()).toBe(40);
    const result = await relay().drain();

    expect(result).toMatchObject({ published: 40, duplicates: 40 });
    expect(await storedSequences()).toEqual(range(40));
    expect(await relay().pendingCount()).toBe(0);
  });

  it('retries a round whose publishing failed soon, not at the next safety poll', async () => {
    // The first three rounds (of 20 events each) fail whole, as while NATS is away.
    let failures = 0;
    const flaky = new (class extends EventPublisher {
      publish(subject: string, id: string, json: string): Promise<{ duplicate: boolean }> {
        if (failures < 60) {
          failures += 1;
          return Promise.reject(new Error('no stream leader yet'));
        }
        return publisher.publish(subject, id, json);
      }
    })();
    // A safety poll far longer than the test: only a retry after the failure can publish in time.
    const running = new OutboxRelay(orm.em, flaky, { schema: SCHEMA, pollIntervalMs: 600_000 });
    await commitEvents(20);
    running.start();
    try {
      await waitFor(async () => (await running.pendingCount()) === 0, 10_000, 'the events published');
    } finally {
      await running.stop();
    }

    expect(failures).toBe(60);
    expect(await storedSequences()).toEqual(range(20));
  });

  it('publishes each event once, in order, with two relays running at once', async () => {
    const a = relay(publisher, 25);
    const b = relay(publisher, 25);
    a.start();
    b.start();
    for (let batch = 0; batch < 10; batch += 1) {
      await commitEvents(50);
      a.kick();
      b.kick();
    }
    const deadline = Date.now() + 15_000;
    while ((await a.pendingCount()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all([a.stop(), b.stop()]);

    expect(await storedSequences()).toEqual(range(500));
  });

  it('tells how long the oldest unsent event has waited, and 0 when none waits', async () => {
    expect(await relay().oldestPendingAgeSeconds()).toBe(0);
    await commitEvents(3);
    await orm.em
      .fork()
      .getConnection()
      .execute(
        `update "${SCHEMA}"."outbox_message" set created_at = now() - interval '90 seconds'
          where id = (select min(id) from "${SCHEMA}"."outbox_message")`,
      );

    const age = await relay().oldestPendingAgeSeconds();

    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(100);
    await relay().drain();
    expect(await relay().oldestPendingAgeSeconds()).toBe(0);
  });
});
