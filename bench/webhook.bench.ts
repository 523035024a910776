/**
 * Twilio webhooks through the whole stack: simulated agent logins (the Voice URL, then the Gather
 * action with `1`), signed as Twilio signs them, arriving at a steady rate (open loop: evenly spaced,
 * never waiting for earlier answers; a login's key press takes the next free slot once its voice
 * answer came back). All five apps, PostgreSQL, a NATS server of its own and this driver share the
 * machine. Beside it, in the same run and driven the same way, a bare Fastify app answering fixed
 * TwiML: the floor that HTTP, Node and the machine leave. Prints figures; asserts nothing.
 *
 * `npm run bench` (builds first). BENCH_AGENTS (2000), BENCH_RATE (300 webhooks/s),
 * BENCH_DURATION_MS (15000), BENCH_STEPS (25,50,100,150,200,300,400,600,800), BENCH_STEP_MS (10000),
 * BENCH_P99_MS (25). BENCH_STEPS=none skips the stepping. BENCH_CPU_PROF=<dir> runs every app with
 * `node --cpu-prof` and writes its profile there when the stack stops (open them in Chrome DevTools).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropDatabase, ensureDatabase } from '@tp/platform';
import twilio from 'twilio';
import { startNatsServer, type NatsServer } from '../libs/stack-harness/src/nats-server';
import { seedTimedPresenceTenant, type AgentSeed } from '../libs/stack-harness/src/seed-tenant';
import {
  freeTcpPort,
  repositoryRoot,
  STACK_APPS,
  startStack,
  type Stack,
} from '../libs/stack-harness/src/stack';
import { formatResult, openLoopKinds, type OpenLoopKindsResult } from './support/open-loop';

const AGENTS = Number(process.env.BENCH_AGENTS ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 300);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 15_000);
const STEPS =
  process.env.BENCH_STEPS === 'none'
    ? []
    : (process.env.BENCH_STEPS ?? '25,50,100,150,200,300,400,600,800').split(',').map(Number);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const STEP_MS = Number(process.env.BENCH_STEP_MS ?? 10_000);
const P99_MS = Number(process.env.BENCH_P99_MS ?? 25);
const TENANT = 'bench-webhooks';
const CONTACT_POINT = '+15550900100';
const ONLINE_TEXT = 'You are now online';

type Kind = 'voice' | 'gather';

/** Where the webhooks go and how they are signed. */
interface Target {
  name: string;
  /** The public base URL (what Twilio signs; here also where it connects). */
  base: string;
  accountSid: string;
  authToken: string;
}

const phoneOf = (i: number) => `+1555091${String(i).padStart(4, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const http = new Agent({ keepAlive: true, maxSockets: Infinity });

function post(
  target: Target,
  url: string,
  params: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams(params).toString();
  const signature = twilio.getExpectedTwilioSignature(target.authToken, url, params);
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent: http,
        host: hostname,
        port,
        method: 'POST',
        path: pathname + search,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-twilio-signature': signature,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const decodeXml = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/**
 * Agent logins against one target at `rate` webhooks per second: each slot sends the key press of a
 * login whose voice answer came back, or else starts a new login (agents taken in turn).
 */
async function drive(target: Target, rate: number, durationMs: number): Promise<OpenLoopKindsResult<Kind>> {
  const ready: { params: Record<string, string>; action: string }[] = [];
  let logins = 0;

  const voice = async (): Promise<boolean> => {
    const from = phoneOf(logins % AGENTS);
    logins += 1;
    const params = {
      CallSid: `CA${randomBytes(16).toString('hex')}`,
      AccountSid: target.accountSid,
      From: from,
      To: CONTACT_POINT,
      Caller: from,
      Called: CONTACT_POINT,
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    };
    const answer = await post(target, `${target.base}/twilio/voice`, { ...params, CallStatus: 'ringing' });
    const action = /<Gather[^>]*\saction="([^"]+)"/.exec(answer.body)?.[1];
    if (answer.status !== 200 || !action) return false;
    ready.push({ params, action: decodeXml(action) });
    return true;
  };

  const gather = async (login: { params: Record<string, string>; action: string }): Promise<boolean> => {
    const answer = await post(target, login.action, {
      ...login.params,
      CallStatus: 'in-progress',
      Digits: '1',
      FinishedOnKey: '',
    });
    return answer.status === 200 && answer.body.includes(ONLINE_TEXT);
  };

  return openLoopKinds<Kind>(rate, durationMs, () => {
    const login = ready.shift();
    return login ? { kind: 'gather', done: gather(login) } : { kind: 'voice', done: voice() };
  });
}

function print(label: string, result: OpenLoopKindsResult<Kind>): void {
  for (const kind of ['voice', 'gather'] as const) {
    const r = result.byKind[kind];
    if (r) console.log(formatResult(`${label} ${kind}`, r));
  }
  console.log(formatResult(`${label} all webhooks`, result.all));
}

/** p99 of every kind under the bound, no errors, and the arrivals kept up (within 5%). */
function meets(result: OpenLoopKindsResult<Kind>, rate: number): boolean {
  const kinds = Object.values(result.byKind);
  return (
    kinds.length === 2 &&
    kinds.every((r) => r.p99 < P99_MS) &&
    result.all.errors === 0 &&
    result.all.achievedRate >= rate * 0.95
  );
}

async function startBare(): Promise<{ target: Target; child: ChildProcess }> {
  const port = await freeTcpPort();
  const child = spawn(
    process.execPath,
    [join(repositoryRoot(), 'dist/bench/support/bare-twiml-server.js'), String(port)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the bare Fastify app exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
  });
  return {
    child,
    target: {
      name: 'bare Fastify',
      base: `http://127.0.0.1:${port}`,
      accountSid: `AC${randomBytes(16).toString('hex')}`,
      authToken: randomBytes(16).toString('hex'),
    },
  };
}

async function seed(stack: Stack): Promise<void> {
  const token = stack.token(TENANT);
  const agents: AgentSeed[] = Array.from({ length: AGENTS }, (_, i) => ({
    name: `Agent ${i}`,
    email: `agent${i}@bench.example`,
    phone: phoneOf(i),
  }));
  const seedWith = (some: AgentSeed[]) =>
    seedTimedPresenceTenant(stack.urls, {
      token,
      platformToken: stack.platformToken(),
      contactPoint: CONTACT_POINT,
      agents: some,
    });
  await seedWith(agents.slice(0, 1)); // prompts, flow, mapping
  const chunks = 4;
  const size = Math.ceil((AGENTS - 1) / chunks);
  await Promise.all(
    Array.from({ length: chunks }, (_, c) => seedWith(agents.slice(1 + c * size, 1 + (c + 1) * size))),
  );
}

/** CPU time (ms) each app process and PostgreSQL (all its processes) used so far; Linux /proc only. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;
  } catch {
    return 100;
  }
})();

function cpuOf(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

function cpu(stack: Stack): Record<string, number> {
  const out: Record<string, number> = {};
  for (const app of STACK_APPS) out[app] = cpuOf(stack.process(app)?.child.pid);
  let postgres = 0;
  for (const entry of existsSync('/proc') ? readdirSync('/proc') : []) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') postgres += cpuOf(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  out.postgres = postgres;
  const driver = process.cpuUsage();
  out.driver = (driver.user + driver.system) / 1000;
  return out;
}

function printCpu(before: Record<string, number>, after: Record<string, number>, webhooks: number): void {
  const parts = Object.keys(after).map((k) => `${k} ${((after[k] - before[k]) / webhooks).toFixed(2)}`);
  console.log(`  CPU ms per webhook (stack run; apologies are cheaper than answers): ${parts.join(', ')}`);
}

/** CPU ms per webhook of the apps and PostgreSQL together. */
function serverCpuPerWebhook(
  before: Record<string, number>,
  after: Record<string, number>,
  webhooks: number,
) {
  const used = Object.keys(after)
    .filter((k) => k !== 'driver')
    .reduce((sum, k) => sum + (after[k] - before[k]), 0);
  return used / webhooks;
}

/** Waits (at most 20 s) until the stack is idle again: its apps and PostgreSQL use under 10% of a core. */
async function settle(stack: Stack): Promise<void> {
  const deadline = Date.now() + 20_000;
  await sleep(500);
  while (Date.now() < deadline) {
    const before = cpu(stack);
    await sleep(500);
    const after = cpu(stack);
    const busy = Object.keys(after)
      .filter((k) => k !== 'driver')
      .reduce((sum, k) => sum + (after[k] - before[k]), 0);
    if (!(busy > 50)) return; // ms of CPU in 500 ms (NaN off Linux: do not wait)
  }
}

async function main(): Promise<void> {
  const dbUrl = new URL(
    process.env.TEST_DATABASE_URL ??
      process.env.DATABASE_URL ??
      'postgresql://postgres@127.0.0.1:5432/postgres',
  );
  dbUrl.pathname = `/tp_bench_webhook_${Date.now().toString(36)}`;
  let nats: NatsServer | undefined;
  let stack: Stack | undefined;
  let bare: ChildProcess | undefined;
  let databaseCreated = false;
  const cleanUp = async () => {
    bare?.kill('SIGTERM');
    await stack?.stop();
    await nats?.stop();
    if (databaseCreated) await dropDatabase(dbUrl.toString());
    http.destroy();
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

  try {
    const started = performance.now();
    nats = await startNatsServer();
    await ensureDatabase(dbUrl.toString());
    databaseCreated = true;
    const nodeArgs = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [];
    stack = await startStack({
      databaseUrl: dbUrl.toString(),
      natsUrl: nats.url,
      nodeArgs: Object.fromEntries(STACK_APPS.map((app) => [app, nodeArgs])),
    });
    const stackReady = performance.now() - started;
    await seed(stack);
    const seeded = performance.now() - started - stackReady;
    const barePeer = await startBare();
    bare = barePeer.child;
    const targets: Target[] = [
      { name: 'stack', base: stack.publicBaseUrl, ...stack.twilio },
      barePeer.target,
    ];

    console.log(
      `\nwebhook benchmark: agent logins (voice, then gather "1"), open loop, ${AGENTS} agents` +
        ` (stack ready in ${(stackReady / 1000).toFixed(1)} s, seeded in ${(seeded / 1000).toFixed(1)} s)`,
    );
    console.log(
      '  the five apps, PostgreSQL, NATS and this driver on one machine; latency from each scheduled start',
    );

    // warm-up: JIT, connection pools, prompt caches
    for (const target of targets) await drive(target, 50, 4000);
    await settle(stack);

    console.log(`\nat ${RATE} webhooks/s for ${DURATION_MS / 1000} s:`);
    const atRate: Record<string, OpenLoopKindsResult<Kind>> = {};
    for (const target of targets) {
      const cpuBefore = target.name === 'stack' ? cpu(stack) : null;
      const from = process.hrtime.bigint() / 1000n;
      atRate[target.name] = await drive(target, RATE, DURATION_MS);
      // the monotonic clock the profiles' timestamps use, in µs: to cut this run out of them
      if (CPU_PROF && target.name === 'stack')
        console.log(`  profile window (µs): ${from} ${process.hrtime.bigint() / 1000n}`);
      print(target.name, atRate[target.name]);
      if (cpuBefore) printCpu(cpuBefore, cpu(stack), atRate[target.name].all.sent);
      await settle(stack);
    }
    const p99Of = (r: OpenLoopKindsResult<Kind>, k: Kind) => r.byKind[k]?.p99.toFixed(1) ?? '-';
    console.log(
      `  target p99 <= ${P99_MS} ms at ${RATE}/s: ${meets(atRate.stack, RATE) ? 'met' : 'NOT met'}` +
        ` (stack p99 voice ${p99Of(atRate.stack, 'voice')} ms, gather ${p99Of(atRate.stack, 'gather')} ms)`,
    );

    if (STEPS.length === 0) return; // BENCH_STEPS=none

    console.log(
      `\nstepping the rate (${STEP_MS / 1000} s each); latency p50 / p99 in ms;` +
        ' CPU ms/wh: the apps and PostgreSQL, per stack webhook:',
    );
    console.log(
      '  rate/s       stack voice      stack gather     errors  achieved/s  CPU ms/wh        bare voice       bare gather',
    );
    const highest: Record<string, number | null> = { stack: null, 'bare Fastify': null };
    const stillMeeting: Record<string, boolean> = { stack: true, 'bare Fastify': true };
    let overloadedAt: number | null = null;
    for (const rate of STEPS) {
      const results: (OpenLoopKindsResult<Kind> | null)[] = [];
      let stackCpu = NaN;
      for (const target of targets) {
        if (target.name === 'stack' && overloadedAt !== null) {
          results.push(null);
          continue;
        }
        const cpuBefore = target.name === 'stack' ? cpu(stack) : null;
        const result = await drive(target, rate, STEP_MS);
        if (cpuBefore) stackCpu = serverCpuPerWebhook(cpuBefore, cpu(stack), result.all.sent);
        results.push(result);
        if (stillMeeting[target.name] && meets(result, rate)) highest[target.name] = rate;
        else stillMeeting[target.name] = false;
        // far past the bound (a second), higher rates only queue longer: spare the machine
        if (target.name === 'stack' && result.all.p99 > 1000) overloadedAt = rate;
        await settle(stack);
      }
      const [s, b] = results;
      const cell = (r: OpenLoopKindsResult<Kind> | null, k: Kind) => {
        const x = r?.byKind[k];
        return (x ? `${x.p50.toFixed(1)} / ${x.p99.toFixed(1)}` : '-').padStart(17);
      };
      console.log(
        `  ${String(rate).padStart(6)} ${cell(s, 'voice')} ${cell(s, 'gather')}` +
          `  ${(s ? `${s.all.errors}/${s.all.sent}` : 'skipped').padStart(9)}` +
          `  ${(s ? s.all.achievedRate.toFixed(0) : '-').padStart(10)} ${(s ? stackCpu.toFixed(1) : '-').padStart(9)}` +
          ` ${cell(b, 'voice')} ${cell(b, 'gather')}`,
      );
    }
    if (overloadedAt !== null)
      console.log(
        `  (the stack's p99 passed 1 s at ${overloadedAt}/s: higher rates were not run against it)`,
      );
    const said = (name: string) =>
      highest[name] === null ? `below ${STEPS[0]} webhooks/s` : `${highest[name]} webhooks/s`;
    console.log(
      `\nhighest rate with p99 < ${P99_MS} ms for both webhooks and no errors: stack ${said('stack')},` +
        ` bare Fastify ${said('bare Fastify')}\n`,
    );
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
