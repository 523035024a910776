import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { CloudEvent } from '@tp/contracts';
import { createTestDatabase, TEST_NATS_URL, uniqueSuffix, waitFor } from '@tp/stack-harness';
import { Client } from 'pg';
import { ensureStream } from '../messaging/jetstream-streams';
import { JetStreamEventPublisher } from '../messaging/jetstream-event.publisher';
import { connectNats } from '../messaging/nats-connection';
import { ProcessedEventSchema } from '../messaging/processed-event.record';
import { createOrmOptions } from '../persistence/orm-options';
import { OutboxMessageSchema } from './outbox-message.record';
import { outboxNotifySql } from './outbox-notify';
import { addToOutbox } from './outbox.writer';
import { OutboxRelay } from './outbox.relay';

const SCHEMA = 'relaylisten';
/** Far longer than any wait below: a relay that relays in time was woken, not polling. */
const SAFETY_POLL_MS = 60_000;

describe(`${OutboxRelay.name} woken by PostgreSQL's notification`, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let stream: string;
  let prefix: string;
  let relay: OutboxRelay;
  let notified = 0;

  beforeAll(async () => {
    db = await createTestDatabase('outboxlisten');
    orm = await MikroORM.init(
      createOrmOptions({
        schema: SCHEMA,
        clientUrl: db.url,
        entities: [OutboxMessageSchema, ProcessedEventSchema],
        migrations: [],
      }),
    );
    await orm.schema.createSchema();
    for (const sql of outboxNotifySql(SCHEMA)) await orm.em.fork().getConnection().execute(sql);
    nc = await connectNats(TEST_NATS_URL, 'outbox-listen-int-spec');
    jsm = await jetstreamManager(nc);
  });

  beforeEach(async () => {
    const suffix = uniqueSuffix();
    stream = `TEST_OUTBOX_LISTEN_${suffix}`;
    prefix = `t${suffix}`;
    await ensureStream(jsm, { name: stream, subjects: [`${prefix}.evt.>`] });
    notified = 0;
    relay = new OutboxRelay(orm.em, new JetStreamEventPublisher(nc), {
      schema: SCHEMA,
      pollIntervalMs: SAFETY_POLL_MS,
      listen: { connectionString: db.url, applicationName: 'outbox-listen-int-spec' },
      onNotified: () => (notified += 1),
    });
    relay.start();
    await waitFor(() => relay.listening, 10_000, 'the relay to listen');
    // The first round (at start and on listening) has run: from now on only a wake relays.
    await waitFor(async () => (await relay.pendingCount()) === 0, 10_000, 'the first round');
  });

  afterEach(async () => {
    await relay.stop();
    await jsm.streams.delete(stream);
  });

  afterAll(async () => {
    await nc?.drain();
    await orm?.close(true);
    await db?.drop();
  });

  function events(n: number): { subject: string; tenantId: string; event: CloudEvent }[] {
    return Array.from({ length: n }, () => ({
      subject: `${prefix}.evt.acme.thing-happened.v1`,
      tenantId: 'acme',
      event: {
        specversion: '1.0',
        id: randomUUID(),
        source: 'test',
        type: 'test.thing-happened.v1',
        time: new Date().toISOString(),
        subject: 'thing',
        datacontenttype: 'application/json',
        data: {},
      },
    }));
  }

  /** Commits `n` events from another unit of work, without kicking the relay (as another replica would). */
  async function commitEvents(n: number): Promise<void> {
    const em = orm.em.fork();
    addToOutbox(em, events(n));
    await em.flush();
  }

  const stored = async () => (await jsm.streams.info(stream)).state.messages;
  /** Published and marked sent (the stream has them before the relay's transaction commits). */
  const relayed = async (n: number) => (await stored()) === n && (await relay.pendingCount()) === 0;

  it('relays a commit at once, without waiting for its safety poll', async () => {
    await commitEvents(3);
    await waitFor(() => relayed(3), 5000, 'the events relayed');
    expect(notified).toBe(1);
  });

  it('hears nothing of a rolled-back transaction, and publishes nothing of it', async () => {
    const em = orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        addToOutbox(tx, events(2));
        await tx.flush();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // Notifications arrive in commit order: once this commit's is heard, a rolled-back one would have been.
    await commitEvents(1);
    await waitFor(() => relayed(1), 5000, 'the committed event relayed');
    expect(notified).toBe(1);
  });

  it('listens again after its connection is killed, and relays the next commit at once', async () => {
    const firstPid = relay.listener?.pid;
    expect(firstPid).toEqual(expect.any(Number));
    const killer = new Client({ connectionString: db.url });
    await killer.connect();
    try {
      await killer.query('select pg_terminate_backend($1)', [firstPid]);
    } finally {
      await killer.end();
    }
    await waitFor(
      () => relay.listening && relay.listener?.pid !== firstPid,
      15_000,
      'the relay to listen again',
    );
    expect(relay.listener?.connections).toBe(2);
    await waitFor(async () => (await relay.pendingCount()) === 0, 5000, 'the round on listening');
    await commitEvents(2);
    await waitFor(() => relayed(2), 5000, 'the events relayed');
    expect(notified).toBe(1);
  });
});
