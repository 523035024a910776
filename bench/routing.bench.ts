/**
 * Choose-and-reserve against the real PostgreSQL, on this machine: BENCH_ROUTING_AGENTS
 * (10,000) online agents across 50 skills (three each) in one tenant; BENCH_ROUTING_CALLERS (16)
 * concurrent callers choose-and-reserve an agent for one or two random skills in a loop for
 * BENCH_ROUTING_SECONDS (10), each holding up to 4 agents at a time (the oldest released first), so
 * that callers contend for the longest idle agents. Measured: `chooseAndReserve`, what the offer
 * engine runs in its claim transaction, as two dispatch replicas run it (half the callers each,
 * each replica with its own copy of the agents, ADR 16). Prints p50/p99 of choose-and-reserve,
 * decisions per second and double reservations (an agent handed to a caller while another still
 * held it: must be 0), beside two baselines measured in the same run by the same callers: a plain
 * indexed SELECT of one eligible agent (no lock, no write), and choose-and-reserve by the SQL
 * statement alone (`chooseAndReserveStatement`, every choice before ADR 16). Target p99 at most
 * 5 ms. Asserts nothing.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { SystemClock } from '@tp/ddd';
import {
  createOrmOptions,
  dropDatabase,
  loadEnv,
  migrateApp,
  ormSettings,
  PlatformEnvSchema,
} from '@tp/platform';
import type { AgentReservation } from '../apps/dispatch/src/routing/application/ports/agent-reservations.port';
import { dispatchApp } from '../apps/dispatch/src/dispatch.app';
import {
  eligibleWhere,
  LONGEST_IDLE_FIRST,
  PostgresAgentReservations,
} from '../apps/dispatch/src/routing/infrastructure/persistence/postgres-agent-reservations';
import { RoutingAgentMirror } from '../apps/dispatch/src/routing/infrastructure/persistence/routing-agent-mirror';
import { textArrayLiteral } from '../apps/dispatch/src/routing/infrastructure/persistence/routing-agent.store';

const AGENTS = Number(process.env.BENCH_ROUTING_AGENTS ?? 10_000);
const CALLERS = Number(process.env.BENCH_ROUTING_CALLERS ?? 16);
const SECONDS = Number(process.env.BENCH_ROUTING_SECONDS ?? 10);
const BASELINE_SECONDS = Math.max(2, Math.round(SECONDS / 2));
const SKILLS = 50;
const HELD_PER_CALLER = 4;
const MARGIN_MINUTES = 5;

const ms = (v: number) => `${v.toFixed(2)} ms`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** One or two random skills, as a queue would require. */
function randomSkills(): string[] {
  const a = Math.floor(Math.random() * SKILLS);
  if (Math.random() < 0.7) return [`skill-${a}`];
  return [`skill-${a}`, `skill-${(a + 1 + Math.floor(Math.random() * (SKILLS - 1))) % SKILLS}`];
}

async function main(): Promise<void> {
  const base = new URL(
    process.env.TEST_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  base.pathname = `/tp_bench_routing_${Date.now().toString(36)}`;
  const settings = ormSettings(dispatchApp, {
    ...loadEnv(PlatformEnvSchema, {}),
    DATABASE_URL: base.toString(),
  });
  await migrateApp(settings);
  const orm = await MikroORM.init(createOrmOptions({ ...settings, poolMax: CALLERS + 4 }));
  const tenant = `bench-${Date.now().toString(36)}`;
  const sql = <T = unknown>(query: string, params: unknown[] = []) =>
    orm.em.fork().execute<T[]>(query, params);
  const app = { name: 'dispatch', schema: 'dispatch' };
  const config = {
    routingPolicy: { expiryMarginMinutes: MARGIN_MINUTES },
    routingAgentCopy: { enabled: true, listenUrl: null, reloadMs: 60_000 },
  };
  const reservations = new PostgresAgentReservations(orm.em, app, config);
  const mirrors = [
    new RoutingAgentMirror(orm.em, app, config, new SystemClock()),
    new RoutingAgentMirror(orm.em, app, config, new SystemClock()),
  ];
  const replicas = mirrors.map((mirror) => new PostgresAgentReservations(orm.em, app, config, mirror));

  try {
    // One to three random skills each (of 50; `+ i * 0` draws them per agent), idle over the last
    // 8 hours, online for 4 more; 5% busy, 2% expiring.
    await sql(
      `insert into dispatch.routing_agent (tenant_id, agent_id, state, expires_at, presence_sequence, skills,
         skills_version, status, status_version, idle_since, reserved_until, reservation_id, reservation_call, updated_at)
       select ?, 'agent-' || i, case when i % 20 = 0 then 'busy' else 'online' end,
              now() + case when i % 50 = 1 then interval '2 minutes' else interval '4 hours' end, 1,
              array(select distinct 'skill-' || floor(random() * ${SKILLS} + i * 0)::int from generate_series(1, 3)),
              1, 'active', 1, now() - random() * interval '8 hours', null, null, null, now()
         from generate_series(0, ? - 1) as i`,
      [tenant, AGENTS],
    );
    await sql('vacuum analyze dispatch.routing_agent');

    // Baseline: the same callers, a plain indexed SELECT of one eligible agent (no lock, no write).
    const baseline: number[] = [];
    const until = performance.now() + BASELINE_SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CALLERS }, async () => {
        while (performance.now() < until) {
          const now = new Date();
          const t = performance.now();
          await sql(
            `select agent_id from dispatch.routing_agent where ${eligibleWhere()} order by ${LONGEST_IDLE_FIRST} limit 1`,
            [
              tenant,
              now,
              textArrayLiteral(randomSkills()),
              new Date(now.getTime() + MARGIN_MINUTES * 60_000),
            ],
          );
          baseline.push(performance.now() - t);
        }
      }),
    );
    baseline.sort((a, b) => a - b);

    // Choose-and-reserve (+ release), with a check for double reservations, by `reserveWith`.
    async function run(
      seconds: number,
      reserveWith: (caller: number) => PostgresAgentReservations,
    ): Promise<{
      latencies: number[];
      releases: number[];
      elapsed: number;
      reserved: number;
      none: number;
      doubles: number;
    }> {
      const latencies: number[] = [];
      const releases: number[] = [];
      const heldBy = new Map<string, number>();
      let reserved = 0;
      let none = 0;
      let doubles = 0;
      const until = performance.now() + seconds * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CALLERS }, async (_, caller) => {
          const reservations = reserveWith(caller);
          const held: AgentReservation[] = [];
          const release = async (r: AgentReservation) => {
            heldBy.delete(r.agentId);
            const t = performance.now();
            if (!(await reservations.release(r))) doubles++; // taken over while held
            releases.push(performance.now() - t);
          };
          while (performance.now() < until) {
            const t = performance.now();
            const r = await reservations.chooseAndReserve(tenant, randomSkills(), 30_000, new Date());
            latencies.push(performance.now() - t);
            if (!r) {
              none++;
              continue;
            }
            reserved++;
            if (heldBy.has(r.agentId)) doubles++;
            heldBy.set(r.agentId, caller);
            held.push(r);
            if (held.length > HELD_PER_CALLER) await release(held.shift()!);
          }
          for (const r of held.splice(0)) await release(r);
        }),
      );
      latencies.sort((a, b) => a - b);
      releases.sort((a, b) => a - b);
      return { latencies, releases, elapsed: performance.now() - started, reserved, none, doubles };
    }

    // Baseline 2: the SQL statement alone (what every choice ran before ADR 16).
    const sqlOnly = await run(BASELINE_SECONDS, () => reservations);
    // The target: two replicas (half the callers each), each choosing from its own copy.
    for (const mirror of mirrors) await mirror.start();
    const fromCopy = await run(SECONDS, (caller) => replicas[caller % replicas.length]);
    const { latencies, releases, elapsed, reserved, none } = fromCopy;
    const doubles = fromCopy.doubles + sqlOnly.doubles;

    // One caller alone (from a copy), and the statement's own time in PostgreSQL: what the latency
    // is without 16 callers sharing this machine's cores with PostgreSQL.
    const alone: number[] = [];
    const aloneUntil = performance.now() + 2000;
    while (performance.now() < aloneUntil) {
      const t = performance.now();
      const r = await replicas[0].chooseAndReserve(tenant, randomSkills(), 30_000, new Date());
      alone.push(performance.now() - t);
      if (r) await replicas[0].release(r);
    }
    const stats = mirrors.map((m) => m.stats);
    for (const mirror of mirrors) await mirror.stop();
    alone.sort((a, b) => a - b);
    const now = new Date();
    const plan = await orm.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<{ 'QUERY PLAN': string }[]>(
        `explain (analyze, costs off) select agent_id from dispatch.routing_agent where ${eligibleWhere()}
          order by ${LONGEST_IDLE_FIRST} limit 1 for update skip locked`,
        [tenant, now, textArrayLiteral(['skill-7']), new Date(now.getTime() + MARGIN_MINUTES * 60_000)],
      );
      return rows.map((r) => r['QUERY PLAN']);
    });
    const left = await sql<{ n: string }>(
      `select count(*) n from dispatch.routing_agent where tenant_id = ? and reservation_id is not null`,
      [tenant],
    );

    console.log(
      `\nrouting benchmark: ${AGENTS.toLocaleString('en-US')} agents, ${SKILLS} skills, one tenant, ${CALLERS} concurrent callers (PostgreSQL on this machine)`,
    );
    console.log(
      `  baseline, plain indexed SELECT of one eligible agent:  p50 ${ms(percentile(baseline, 50))}, p99 ${ms(percentile(baseline, 99))}  (${Math.round(baseline.length / BASELINE_SECONDS).toLocaleString('en-US')} /s over ${BASELINE_SECONDS} s)`,
    );
    console.log(
      `  baseline, choose-and-reserve in SQL alone (before ADR 16): p50 ${ms(percentile(sqlOnly.latencies, 50))}, p99 ${ms(percentile(sqlOnly.latencies, 99))}, max ${ms(sqlOnly.latencies.at(-1) ?? 0)}  (${Math.round((sqlOnly.latencies.length / sqlOnly.elapsed) * 1000).toLocaleString('en-US')} /s over ${BASELINE_SECONDS} s)`,
    );
    console.log(
      `  choose-and-reserve, two replicas choosing from their copies: p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? 0)}  target p99 <= 5 ms`,
    );
    console.log(
      `  from the copies: ${stats.reduce((n, s) => n + s.fromCopy, 0)} reserved, ${stats.reduce((n, s) => n + s.conflicts, 0)} compare-and-sets lost to the other replica, ${stats.reduce((n, s) => n + s.fromSql, 0)} decided in SQL`,
    );
    console.log(
      `  decisions: ${Math.round((latencies.length / elapsed) * 1000).toLocaleString('en-US')} /s over ${(elapsed / 1000).toFixed(1)} s (${reserved} reserved, ${none} none eligible); release p50 ${ms(percentile(releases, 50))}, p99 ${ms(percentile(releases, 99))}`,
    );
    console.log(
      `  one caller alone: choose-and-reserve p50 ${ms(percentile(alone, 50))}, p99 ${ms(percentile(alone, 99))}; in PostgreSQL (EXPLAIN ANALYZE, one skill): ${plan.find((l) => l.startsWith('Execution Time')) ?? '?'} via ${plan.find((l) => l.includes('Scan'))?.trim() ?? '?'}`,
    );
    console.log(
      `  double reservations: ${doubles} (must be 0); reservations left after the run: ${left[0]?.n ?? '?'}\n`,
    );
  } finally {
    await orm.close(true);
    await dropDatabase(base.toString());
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
