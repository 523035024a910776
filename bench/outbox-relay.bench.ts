/**
 * Outbox relay throughput against the real PostgreSQL and NATS, compared with a baseline measured
 * in the same run: publishing the same events straight to JetStream (no database). Prints figures;
 * asserts nothing. `npm run bench` (builds first). N via BENCH_EVENTS (default 5000).
 */
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  addToOutbox,
  connectNats,
  createOrmOptions,
  dropDatabase,
  ensureDatabase,
  ensureStream,
  JetStreamEventPublisher,
  OutboxMessageSchema,
  OutboxRelay,
  ProcessedEventSchema,
} from '@tp/platform';
import type { CloudEvent } from '@tp/contracts';

const N = Number(process.env.BENCH_EVENTS ?? 5000);
const BATCH = 100;
const SCHEMA = 'bench';

function event(i: number): CloudEvent<{ sequence: number }> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source: 'bench',
    type: 'bench.thing-happened.v1',
    time: new Date().toISOString(),
    subject: `agent-${i % 50}`,
    datacontenttype: 'application/json',
    data: { sequence: i },
  };
}

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} events/s`;

async function main(): Promise<void> {
  const base = new URL(
    process.env.TEST_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  base.pathname = `/tp_bench_${Date.now().toString(36)}`;
  const dbUrl = base.toString();
  await ensureDatabase(dbUrl);
  const orm = await MikroORM.init(
    createOrmOptions({
      schema: SCHEMA,
      clientUrl: dbUrl,
      entities: [OutboxMessageSchema, ProcessedEventSchema],
      migrations: [],
    }),
  );
  await orm.schema.createSchema();
  const nc = await connectNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', 'bench');
  const jsm = await jetstreamManager(nc);
  const suffix = Date.now().toString(36);
  const stream = `BENCH_${suffix}`;
  await ensureStream(jsm, { name: stream, subjects: [`bench${suffix}.>`] });
  const publisher = new JetStreamEventPublisher(nc);
  const subject = `bench${suffix}.evt.acme.thing-happened.v1`;

  try {
    // Baseline: straight to JetStream, batches of 100 awaited together, as the relay does.
    const direct = Array.from({ length: N }, (_, i) => event(i));
    let t = performance.now();
    for (let i = 0; i < N; i += BATCH) {
      await Promise.all(
        direct.slice(i, i + BATCH).map((e) => publisher.publish(subject, e.id, JSON.stringify(e))),
      );
    }
    const baselineMs = performance.now() - t;

    // Writes: state changes committing their events to the outbox, 100 per flush.
    t = performance.now();
    for (let i = 0; i < N; i += BATCH) {
      const em = orm.em.fork();
      addToOutbox(
        em,
        Array.from({ length: Math.min(BATCH, N - i) }, (_, j) => ({
          subject,
          tenantId: 'acme',
          event: event(i + j),
        })),
      );
      await em.flush();
    }
    const writeMs = performance.now() - t;

    // Relay: claim, publish, mark sent, until the outbox is empty.
    const relay = new OutboxRelay(orm.em, publisher, { schema: SCHEMA, batchSize: BATCH });
    t = performance.now();
    const drained = await relay.drain();
    const relayMs = performance.now() - t;

    const info = await jsm.streams.info(stream);
    const rows: [string, string, string][] = [
      ['baseline: publish straight to JetStream', `${baselineMs.toFixed(0)} ms`, rate(N, baselineMs)],
      ['outbox write (100 events per flush)', `${writeMs.toFixed(0)} ms`, rate(N, writeMs)],
      ['outbox relay to JetStream', `${relayMs.toFixed(0)} ms`, rate(drained.published, relayMs)],
    ];
    console.log(`\noutbox relay benchmark, ${N} events (PostgreSQL + NATS on this machine)`);
    for (const [what, ms, r] of rows) console.log(`  ${what.padEnd(42)} ${ms.padStart(9)}  ${r}`);
    console.log(
      `  relay cost vs baseline: ${(relayMs / baselineMs).toFixed(2)}x the time of direct publishing`,
    );
    console.log(`  stream holds ${info.state.messages} messages (expected ${2 * N}: baseline + relayed)\n`);
  } finally {
    await jsm.streams.delete(stream);
    await nc.drain();
    await orm.close(true);
    await dropDatabase(dbUrl);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
