/**
 * Expiry at scale against the real PostgreSQL and NATS, on this machine. Prints:
 *  1. a burst: 100,000 agents with the same expiresAt set offline by the scheduler's sweeper, with
 *     their events relayed to JetStream, beside a baseline measured in the same run: the same rows
 *     set offline by one plain `UPDATE ... RETURNING` (no events, no sessions, no domain rule);
 *  2. lateness: 100,000 online agents whose expiries are spread over BENCH_SPREAD_S seconds (180),
 *     swept on the app's schedule (every 250 ms); p50/p99/max of (time set offline - expiresAt).
 * Targets: burst at most 20 s; lateness p99 at most 1 s. Asserts nothing.
 * BENCH_AGENTS (100000), BENCH_SPREAD_S (180) change the size.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { jetstreamManager } from '@nats-io/jetstream';
import {
  connectNats,
  createOrmOptions,
  dropDatabase,
  ensureStream,
  JetStreamEventPublisher,
  loadEnv,
  migrateApp,
  ormSettings,
  OutboxRelay,
  PlatformEnvSchema,
} from '@tp/platform';
import { presenceApp } from '../apps/presence/src/presence.app';
import { PresenceExpirySweeper } from '../apps/presence/src/infrastructure/scheduling/presence-expiry.sweeper';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 100_000);
const SPREAD_S = Number(process.env.BENCH_SPREAD_S ?? 180);
const SWEEP_INTERVAL_MS = 250;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const base = new URL(
    process.env.TEST_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  base.pathname = `/tp_bench_expiry_${Date.now().toString(36)}`;
  const settings = ormSettings(presenceApp, {
    ...loadEnv(PlatformEnvSchema, {}),
    DATABASE_URL: base.toString(),
  });
  await migrateApp(settings);
  const orm = await MikroORM.init(createOrmOptions({ ...settings, poolMax: 6 }));
  const nc = await connectNats(process.env.NATS_URL ?? 'nats://127.0.0.1:4222', 'bench-expiry');
  const jsm = await jetstreamManager(nc);
  await ensureStream(jsm, { name: 'PRESENCE_EVENTS', subjects: ['presence.evt.>'] });
  const publisher = new JetStreamEventPublisher(nc);
  const tenant = `bench-${Date.now().toString(36)}`;
  const sql = (query: string, params: unknown[] = []) =>
    orm.em.fork().execute<{ n: string }[]>(query, params);

  /** AGENTS online agents with open sessions; expiry = base + i * spreadMs / AGENTS. */
  async function seed(expiryBase: string, spreadMs: number): Promise<void> {
    await sql(`truncate presence.agent_presence, presence.timed_session, presence.outbox_message`);
    await sql(
      `insert into presence.agent_presence (tenant_id, agent_id, state, expires_at, sequence, last_reason, changed_at, expired_while_busy)
       select ?, 'agent-' || i, 'online', ?::timestamptz + (i * ?::float8 / ?) * interval '1 millisecond', 1, 'login', now(), false
         from generate_series(0, ? - 1) as i`,
      [tenant, expiryBase, spreadMs, AGENTS, AGENTS],
    );
    await sql(
      `insert into presence.timed_session (id, tenant_id, agent_id, hours, start_reason, started_at, planned_end_at)
       select gen_random_uuid(), tenant_id, agent_id, 1, 'login', changed_at, expires_at from presence.agent_presence`,
    );
    await sql('vacuum analyze presence.agent_presence');
    await sql('vacuum analyze presence.timed_session');
  }

  const relay = new OutboxRelay(orm.em, publisher, {
    schema: 'presence',
    batchSize: 500,
    pollIntervalMs: 50,
  });
  const sweeper = new PresenceExpirySweeper(orm.em, 1000);

  try {
    // Baseline: one plain UPDATE ... RETURNING of the same rows.
    await seed(new Date(Date.now() - 60_000).toISOString(), 0);
    let t = performance.now();
    const updated = await sql(
      `update presence.agent_presence set state = 'offline', expires_at = null, sequence = sequence + 1,
              last_reason = 'expired', changed_at = now()
        where expires_at <= now() and state = 'online' returning agent_id`,
    );
    const baselineMs = performance.now() - t;

    // Burst: sweeper and relay running side by side, as in the app.
    await seed(new Date(Date.now() - 60_000).toISOString(), 0);
    t = performance.now();
    relay.start();
    let expired = 0;
    // As the scheduler does: PRESENCE_SWEEP_CONCURRENCY (2) loops of batches, disjoint by SKIP LOCKED.
    const drain = async () => {
      for (;;) {
        const r = await sweeper.sweepOnce(new Date());
        expired += r.expired;
        relay.kick();
        if (r.claimed < 1000) return;
      }
    };
    await Promise.all([drain(), drain()]);
    const sweptMs = performance.now() - t;
    // exists (not count): counting 100k pending rows every 20 ms would take a core from the relay.
    while (
      (
        await orm.em
          .fork()
          .execute<{ pending: boolean }[]>(
            `select exists (select 1 from presence.outbox_message where sent_at is null) as pending`,
          )
      )[0].pending
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const burstMs = performance.now() - t;

    // Lateness: expiries spread over SPREAD_S seconds from 5 s from now; the scheduler's cadence.
    await seed(new Date(Date.now() + 5_000).toISOString(), SPREAD_S * 1000);
    const end = Date.now() + 5_000 + SPREAD_S * 1000 + 2_000;
    while (Date.now() < end) {
      const started = Date.now();
      for (;;) {
        const r = await sweeper.sweepOnce(new Date());
        if (r.expired > 0) relay.kick();
        if (r.claimed < 1000) break;
      }
      await new Promise((r) => setTimeout(r, Math.max(0, SWEEP_INTERVAL_MS - (Date.now() - started))));
    }
    const lateness = (
      await orm.em
        .fork()
        .execute<{ ms: number }[]>(
          `select extract(epoch from (ended_at - planned_end_at)) * 1000 as ms from presence.timed_session where ended_at is not null`,
        )
    )
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);
    const left = Number(
      (await sql(`select count(*) n from presence.agent_presence where state <> 'offline'`))[0].n,
    );

    console.log(
      `\npresence expiry benchmark, ${AGENTS.toLocaleString('en-US')} agents (PostgreSQL + NATS on this machine)`,
    );
    console.log(
      `  baseline: one plain UPDATE ... RETURNING        ${seconds(baselineMs).padStart(9)}  (${updated.length} rows)`,
    );
    console.log(
      `  burst, all due at once: set offline            ${seconds(sweptMs).padStart(9)}  (${expired} agents, events in the outbox)`,
    );
    console.log(
      `  burst, all due at once: + events published     ${seconds(burstMs).padStart(9)}  target <= 20 s`,
    );
    console.log(`  burst cost vs baseline: ${(burstMs / baselineMs).toFixed(1)}x`);
    console.log(
      `  lateness, expiries spread over ${SPREAD_S} s: p50 ${seconds(percentile(lateness, 50))}, p99 ${seconds(percentile(lateness, 99))}, max ${seconds(lateness.at(-1) ?? 0)}  target p99 <= 1 s`,
    );
    console.log(`  agents expired in the spread run: ${lateness.length}; still online: ${left}\n`);
  } finally {
    await relay.stop();
    const purge = await jsm.streams
      .purge('PRESENCE_EVENTS', { filter: `presence.evt.${tenant}.>` })
      .catch(() => null);
    void purge;
    await nc.drain();
    await orm.close(true);
    await dropDatabase(base.toString());
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
