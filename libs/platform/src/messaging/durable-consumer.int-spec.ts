import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { CloudEvent } from '@tp/contracts';
import { createTestDatabase, TEST_NATS_URL, uniqueSuffix } from '@tp/stack-harness';
import { createOrmOptions } from '../persistence/orm-options';
import { PoisonMessageError, TransientError } from './consumer-errors';
import { DurableConsumer, type ConsumerLogger } from './durable-consumer';
import { ensureStream } from './jetstream-streams';
import { connectNats } from './nats-connection';
import { applyOnce, ProcessedEventSchema } from './processed-event.record';

const SCHEMA = 'consumertest';
const quiet: ConsumerLogger = { warn: () => undefined, error: () => undefined };

function event(id = randomUUID()): CloudEvent<{ n: number }> {
  return {
    specversion: '1.0',
    id,
    source: 'test',
    type: 'test.thing-happened.v1',
    time: new Date().toISOString(),
    subject: 'thing',
    datacontenttype: 'application/json',
    data: { n: 1 },
  };
}

async function waitFor(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe(DurableConsumer.name, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;
  let stream: string;
  let subject: string;
  let consumer: DurableConsumer | null = null;

  beforeAll(async () => {
    db = await createTestDatabase('consumer');
    orm = await MikroORM.init(
      createOrmOptions({
        schema: SCHEMA,
        clientUrl: db.url,
        entities: [ProcessedEventSchema],
        migrations: [],
      }),
    );
    await orm.schema.createSchema();
    await orm.em.fork().execute(`create table "${SCHEMA}"."applied_effect" (event_id text not null)`);
    nc = await connectNats(TEST_NATS_URL, 'consumer-int-spec');
    js = jetstream(nc);
    jsm = await jetstreamManager(nc);
  });

  beforeEach(async () => {
    const suffix = uniqueSuffix();
    stream = `TEST_CONSUMER_${suffix}`;
    subject = `t${suffix}.evt.acme.thing-happened.v1`;
    await ensureStream(jsm, { name: stream, subjects: [`t${suffix}.evt.>`] });
    await orm.em.fork().execute(`truncate "${SCHEMA}"."applied_effect", "${SCHEMA}"."processed_event"`);
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = null;
    await jsm.streams.delete(stream);
  });

  afterAll(async () => {
    await nc?.drain();
    await orm?.close(true);
    await db?.drop();
  });

  async function applied(): Promise<string[]> {
    const rows = await orm.em
      .fork()
      .execute<{ event_id: string }[]>(`select event_id from "${SCHEMA}"."applied_effect"`);
    return rows.map((r) => r.event_id);
  }

  /** The effect of a real consumer: one row per event, applied once per event id. */
  const applyEffect = (e: CloudEvent) =>
    applyOnce(orm.em, 'test-consumer', e.id, async (tx) => {
      await tx.execute(`insert into "${SCHEMA}"."applied_effect" (event_id) values (?)`, [e.id]);
    });

  function start(handler: (e: CloudEvent) => Promise<void>, maxDeliver = 5): Promise<void> {
    consumer = new DurableConsumer(js, jsm, { stream, durable: 'test-durable', maxDeliver }, handler, quiet);
    return consumer.start();
  }

  /** A consumer started with `startWhenReady` while its stream does not exist: what it was told and saw. */
  async function startBeforeTheStream(): Promise<{
    waits: string[];
    seen: string[];
    started: DurableConsumer;
  }> {
    await jsm.streams.delete(stream);
    const waits: string[] = [];
    const seen: string[] = [];
    const started = new DurableConsumer(
      js,
      jsm,
      { stream, durable: 'test-durable' },
      async (e) => {
        seen.push(e.id);
      },
      quiet,
    );
    consumer = started;
    await started.startWhenReady(50, (error) => waits.push(String(error)));
    return { waits, seen, started };
  }

  async function createStreamAndPublish(): Promise<CloudEvent<{ n: number }>> {
    await ensureStream(jsm, { name: stream, subjects: [subject.replace(/\.evt\..*$/, '.evt.>')] });
    const e = event();
    await js.publish(subject, JSON.stringify(e), { msgID: e.id });
    return e;
  }

  it('waits for a stream that does not exist yet and consumes once it is created', async () => {
    const { waits, seen } = await startBeforeTheStream();
    expect(waits).toHaveLength(1);

    const e = await createStreamAndPublish();
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual([e.id]);
  });

  it('stopped while it waits for its stream, it never starts', async () => {
    const { waits, seen, started } = await startBeforeTheStream();
    await started.stop();
    const before = waits.length;

    await createStreamAndPublish();
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
    expect(waits).toHaveLength(before);
    expect((await jsm.consumers.list(stream).next()).map((c) => c.name)).toEqual([]);
  });

  it('redelivers an event whose handler failed, and applies it once it succeeds', async () => {
    const failing = event();
    const deliveries: string[] = [];
    await start(async (e) => {
      deliveries.push(e.id);
      if (e.id === failing.id && deliveries.filter((id) => id === e.id).length === 1) {
        throw new TransientError('identity did not answer', 50);
      }
      await applyEffect(e);
    });

    await js.publish(subject, JSON.stringify(failing), { msgID: failing.id });
    await waitFor(async () => (await applied()).length === 1);

    expect(deliveries).toEqual([failing.id, failing.id]);
    expect(await applied()).toEqual([failing.id]);
  });

  it('retries an unexpected failure with backoff until it succeeds', async () => {
    const e = event();
    let calls = 0;
    await start(async (received) => {
      calls += 1;
      if (calls < 3) throw new Error('database hiccup');
      await applyEffect(received);
    });

    await js.publish(subject, JSON.stringify(e), { msgID: e.id });
    await waitFor(async () => (await applied()).length === 1);

    expect(calls).toBe(3);
  });

  it('acts once on an event id delivered twice', async () => {
    const e = event();
    const deliveries: string[] = [];
    await start(async (received) => {
      deliveries.push(received.id);
      await applyEffect(received);
    });

    // Two messages with the same event id (a republish after the stream's duplicate window).
    await js.publish(subject, JSON.stringify(e));
    await js.publish(subject, JSON.stringify(e));
    await waitFor(() => deliveries.length === 2);

    expect(await applied()).toEqual([e.id]);
  });

  it('terminates a poison message and a non-CloudEvent instead of redelivering them', async () => {
    const poison = event();
    const good = event();
    const deliveries: string[] = [];
    await start(async (received) => {
      deliveries.push(received.id);
      if (received.id === poison.id) throw new PoisonMessageError('unknown agent');
      await applyEffect(received);
    });

    await js.publish(subject, 'this is not json');
    await js.publish(subject, JSON.stringify(poison));
    await js.publish(subject, JSON.stringify(good));
    await waitFor(async () => (await applied()).length === 1);
    await new Promise((r) => setTimeout(r, 300));

    expect(deliveries).toEqual([poison.id, good.id]);
    const info = await jsm.consumers.info(stream, 'test-durable');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
  });
});
