/**
 * What an idle stack costs, and whether expiries and events stay prompt (ADR 25). The five apps,
 * a NATS server of its own and PostgreSQL, no traffic: after settling, the CPU time of each app
 * process and of PostgreSQL's backends connected to the bench database (`pg_stat_activity` pids;
 * PostgreSQL's background processes, shared by every database on the machine, are not counted) is
 * read from `/proc/<pid>/stat` (utime + stime) over a window, as % of one core. Measured the same
 * way in the same run: the same stack with the old polling intervals forced through env
 * (`OUTBOX_POLL_MS=200`, `PRESENCE_SWEEP_INTERVAL_MS=250`, `DISPATCH_ROUTING_IDLE_TICK_MS=1000`),
 * and a bare Node process idling.
 * Then, on each stack, agents are set online with expiries a few seconds ahead (written to
 * `agent_presence` as another replica would, so only PostgreSQL's notification tells the
 * scheduler) and the bench prints how late each went offline, and how long their events took from
 * the expiry's commit (an upper bound: the sweep's clock reading before its transaction) to JetStream.
 * Prints figures; asserts nothing.
 *
 * `npm run bench` (builds first), or `node dist/bench/idle.bench.js`. BENCH_IDLE_MS (60000, the
 * window), BENCH_SETTLE_MS (10000), BENCH_EXPIRIES (5), BENCH_IDLE_BASELINE=none skips the old-settings stack.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { dropDatabase, ensureDatabase } from '@tp/platform';
import { Client } from 'pg';
import { startNatsServer, type NatsServer } from '../libs/stack-harness/src/nats-server';
import { STACK_APPS, startStack, type Stack } from '../libs/stack-harness/src/stack';

const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 60_000);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 10_000);
const EXPIRIES = Number(process.env.BENCH_EXPIRIES ?? 5);
const BASELINE = process.env.BENCH_IDLE_BASELINE !== 'none';
const TICKS_PER_SECOND = 100; // USER_HZ on Linux
const TENANT = 'bench-idle';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a process has used so far, or null once it is gone. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

async function backends(pg: Client): Promise<number[]> {
  const { rows } = await pg.query<{ pid: number }>(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  );
  return rows.map((r) => r.pid);
}

interface Usage {
  /** % of one core per process (apps), summed over backends (postgres). */
  apps: Record<string, number>;
  postgres: number;
  backends: string;
  total: number;
}

/** CPU of the apps and of the database's backends over the window, as % of one core. */
async function measure(pids: Record<string, number>, pg: Client): Promise<Usage> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid) ?? 0]));
  const pgBefore = new Map((await backends(pg)).map((pid) => [pid, cpuSeconds(pid)]));
  const started = performance.now();
  await sleep(IDLE_MS);
  const seconds = (performance.now() - started) / 1000;
  const apps = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [
      name,
      (((cpuSeconds(pid) ?? 0) - before[name]) / seconds) * 100,
    ]),
  );
  const pgAfter = await backends(pg);
  let pgCpu = 0;
  let kept = 0;
  for (const pid of pgAfter) {
    const was = pgBefore.get(pid);
    const now = cpuSeconds(pid);
    if (was == null || now == null) continue;
    pgCpu += now - was;
    kept += 1;
  }
  const postgres = (pgCpu / seconds) * 100;
  const total = Object.values(apps).reduce((a, b) => a + b, 0) + postgres;
  return {
    apps,
    postgres,
    backends: `${kept} backends (${pgBefore.size} at start, ${pgAfter.length} at end)`,
    total,
  };
}

interface Promptness {
  lateMs: number[];
  relayMs: number[];
}

/** Agents online with expiries 2 s, 2.5 s, ... ahead; how late each went offline, and its event's relay. */
async function promptness(pg: Client, natsUrl: string): Promise<Promptness> {
  const agents = Array.from({ length: EXPIRIES }, () => randomUUID());
  const expires = new Map<string, number>();
  for (const [i, agentId] of agents.entries()) {
    const { rows } = await pg.query<{ expires_at: Date }>(
      `insert into presence.agent_presence
         (tenant_id, agent_id, state, expires_at, sequence, last_reason, changed_at, expired_while_busy)
       values ($1, $2, 'online', now() + make_interval(secs => $3), 1, 'login', now(), false)
       returning expires_at`,
      [TENANT, agentId, 2 + i * 0.5],
    );
    expires.set(agentId, rows[0].expires_at.getTime());
  }
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { rows } = await pg.query<{ agent_id: string; changed_at: Date }>(
      `select agent_id, changed_at from presence.agent_presence
        where tenant_id = $1 and agent_id = any($2) and state = 'offline'`,
      [TENANT, agents],
    );
    if (rows.length === agents.length) {
      const changed = new Map(rows.map((r) => [r.agent_id, r.changed_at.getTime()]));
      const nc = await connect({ servers: natsUrl });
      const relayMs: number[] = [];
      try {
        const consumer = await jetstream(nc).consumers.get('PRESENCE_EVENTS', {
          filter_subjects: `presence.evt.${TENANT}.>`,
        });
        const messages = await consumer.consume();
        for await (const msg of messages) {
          const event = msg.json<{ data: { agentId: string; reason: string } }>();
          const at = changed.get(event.data.agentId);
          if (at !== undefined && event.data.reason === 'expired')
            relayMs.push(Number(msg.info.timestampNanos) / 1e6 - at);
          if (relayMs.length === agents.length || Date.now() > deadline) break;
        }
        await messages.close();
      } finally {
        await nc.close();
      }
      const lateMs = agents.map((a) => (changed.get(a) ?? NaN) - (expires.get(a) ?? NaN));
      return { lateMs, relayMs };
    }
    if (Date.now() > deadline) throw new Error('agents not offline within 30 s');
    await sleep(20);
  }
}

const pct = (n: number) => `${n.toFixed(2)}%`.padStart(8);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (xs: number[]) =>
  xs.length === 0 ? 'none' : `p50 ${quantile(xs, 0.5).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;

/** One stack, measured idle then probed. */
async function run(name: string, env: Record<string, string>): Promise<{ usage: Usage; prompt: Promptness }> {
  const dbUrl = new URL(
    process.env.TEST_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  dbUrl.pathname = `/tp_bench_idle_${Date.now().toString(36)}`;
  let nats: NatsServer | undefined;
  let stack: Stack | undefined;
  let pg: Client | undefined;
  await ensureDatabase(dbUrl.toString());
  try {
    nats = await startNatsServer();
    stack = await startStack({ databaseUrl: dbUrl.toString(), natsUrl: nats.url, env });
    pg = new Client({ connectionString: dbUrl.toString() });
    await pg.connect();
    const pids = Object.fromEntries(STACK_APPS.map((app) => [app, stack?.process(app)?.child.pid ?? 0]));
    await sleep(SETTLE_MS);
    const usage = await measure(pids, pg);
    const prompt = await promptness(pg, nats.url);
    console.log(
      `\n${name}${
        Object.keys(env).length
          ? ` (${Object.entries(env)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')})`
          : ''
      }`,
    );
    for (const [app, value] of Object.entries(usage.apps)) console.log(`  ${app.padEnd(14)}${pct(value)}`);
    console.log(`  ${'postgres'.padEnd(14)}${pct(usage.postgres)}   ${usage.backends}`);
    console.log(`  ${'sum'.padEnd(14)}${pct(usage.total)}`);
    console.log(`  expiry lateness (${prompt.lateMs.length} agents): ${ms(prompt.lateMs)}`);
    console.log(`  expiry commit to JetStream (upper bound): ${ms(prompt.relayMs)}`);
    return { usage, prompt };
  } finally {
    await pg?.end().catch(() => undefined);
    await stack?.stop();
    await nats?.stop();
    await dropDatabase(dbUrl.toString());
  }
}

/** A Node process doing nothing (a timer far away), measured the same way. */
async function bareNode(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  try {
    await sleep(1000);
    const before = cpuSeconds(child.pid ?? 0) ?? 0;
    const started = performance.now();
    await sleep(Math.min(IDLE_MS, 10_000));
    return (((cpuSeconds(child.pid ?? 0) ?? 0) - before) / ((performance.now() - started) / 1000)) * 100;
  } finally {
    child.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  console.log(
    `\nidle benchmark: five apps, NATS and PostgreSQL, no traffic; CPU over ${IDLE_MS / 1000} s after ${SETTLE_MS / 1000} s settling, as % of one core`,
  );
  const now = await run('stack, as configured by default', {});
  const old = BASELINE
    ? await run('baseline: the same stack, old polling intervals', {
        OUTBOX_POLL_MS: '200',
        PRESENCE_SWEEP_INTERVAL_MS: '250',
        DISPATCH_ROUTING_IDLE_TICK_MS: '1000',
      })
    : undefined;
  const bare = await bareNode();
  console.log(`\n  bare Node process idling: ${pct(bare)}`);
  console.log(
    `  sum: ${pct(now.usage.total)} as configured${old ? `, ${pct(old.usage.total)} with the old intervals` : ''} (goal: at most 2%)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
