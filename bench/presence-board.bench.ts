/**
 * The live presence board at scale, in headless Chromium against the whole stack and the console
 * server: BENCH_BOARD_AGENTS (10,000) users in one tenant, half of them online, the board open
 * (ordered "latest change first", so that every change lands in view), then BENCH_BOARD_RATE (100)
 * presence changes a second for BENCH_BOARD_SECONDS (20) through presence's NATS commands (the
 * outbox, JetStream, the SSE endpoint, the console's proxy, the page). Prints the page's frame rate
 * (requestAnimationFrame callbacks per second, median and p5) with no events (the baseline, the same
 * page idle, measured in the same run) and under the feed, and the event-to-screen latency p50/p99/
 * max: from the change's time as presence stamps it (`changedAt`) to the moment a MutationObserver
 * in the page sees the agent's row at that sequence. Goals: 60 fps median, p99 under 250 ms.
 * BENCH_BOARD_TRACE=<file> also records a Chromium performance trace of the fed page (the first
 * BENCH_BOARD_TRACE_SECONDS, 5, of the feed; open it in Chrome DevTools' Performance panel or
 * summarise it with `node scripts/summarise-trace.mjs <file>`; one file per round, `-1.json`...; BENCH_BOARD_TRACE_ROUNDS=1,2 traces only those rounds).
 * BENCH_BOARD_WEB_ROOTS=<dir>,<dir>,... measures each built console (e.g. copies of
 * `dist/console/web` before and after a change, interleaved: a,b,a,b) in turn against the same
 * seeded stack, in the same conditions, without seeding again. Asserts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { GoOnline } from '@tp/contracts';
import { callRpc, dropDatabase, ensureDatabase } from '@tp/platform';
import { chromium, type Page } from 'playwright-core';
import { startNatsServer, type NatsServer } from '../libs/stack-harness/src/nats-server';
import { freeTcpPort, repositoryRoot, startStack, type Stack } from '../libs/stack-harness/src/stack';

const AGENTS = Number(process.env.BENCH_BOARD_AGENTS ?? 10_000);
const RATE = Number(process.env.BENCH_BOARD_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_BOARD_SECONDS ?? 20);
const IDLE_SECONDS = Number(process.env.BENCH_BOARD_IDLE_SECONDS ?? 10);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TRACE = process.env.BENCH_BOARD_TRACE;
const WEB_ROOTS: (string | undefined)[] = process.env.BENCH_BOARD_WEB_ROOTS?.split(',') ?? [undefined];
const TRACE_SECONDS = Number(process.env.BENCH_BOARD_TRACE_SECONDS ?? 5);
/** The rounds (1-based) to trace, all by default: tracing costs the page CPU, so keep measured rounds untraced. */
const TRACE_ROUNDS = process.env.BENCH_BOARD_TRACE_ROUNDS?.split(',').map(Number);

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** In the page (plain JS: this file sees no DOM types): frame times, and when each `agent#sequence` row is first seen. */
const INSTRUMENT = `(() => {
  window.bench = { frames: [], seen: new Map(), recording: false };
  const tick = (t) => {
    if (window.bench.recording) window.bench.frames.push(t);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const note = (el) => {
    const id = el.getAttribute('data-agent-id');
    const seq = el.getAttribute('data-sequence');
    if (!id || !seq) return;
    const key = id + '#' + seq;
    if (!window.bench.seen.has(key)) window.bench.seen.set(key, performance.timeOrigin + performance.now());
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') note(r.target);
      for (const n of r.addedNodes) if (n.nodeType === 1 && n.hasAttribute('data-agent-id')) note(n);
    }
  }).observe(document.querySelector('[data-testid="board-scroller"]'), {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-sequence'],
  });
})()`;
const START_FRAMES = 'window.bench.frames = []; window.bench.recording = true;';
const STOP_FRAMES = '(() => { window.bench.recording = false; return window.bench.frames; })()';
const SEEN = '[...window.bench.seen]';

/** A Chromium performance trace of the page's next TRACE_SECONDS (the renderer's main thread, with JS samples), to `path`. */
async function trace(page: Page, path: string): Promise<void> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, {
    path,
    screenshots: false,
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.frame',
      'disabled-by-default-v8.cpu_profiler',
      'v8.execute',
      'blink.user_timing',
      'loading',
    ],
  });
  await sleep(TRACE_SECONDS * 1000);
  await browser.stopTracing();
  process.stdout.write(`trace of ${TRACE_SECONDS} s of the feed written to ${path}\n`);
}

async function main(): Promise<void> {
  const dbUrl = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5432/postgres');
  dbUrl.pathname = `/tp_bench_board_${Date.now().toString(36)}`;
  let nats: NatsServer | undefined;
  let stack: Stack | undefined;
  let server: ChildProcess | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    nats = await startNatsServer();
    await ensureDatabase(dbUrl.toString());
    stack = await startStack({
      databaseUrl: dbUrl.toString(),
      natsUrl: nats.url,
      env: { OUTBOX_POLL_MS: '50' },
    });
    const tenant = `bench-board-${Date.now().toString(36)}`;
    const token = stack.token(tenant);
    const post = async (url: string, body: unknown, bearer = token) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string };
    };
    await post(
      `${stack.urls.identity}/v1/tenants`,
      { id: tenant, displayName: 'Bench' },
      stack.platformToken(),
    );

    let started = Date.now();
    const ids: string[] = [];
    await inParallel([...Array(AGENTS).keys()], 16, async (i) => {
      const user = await post(`${stack!.urls.identity}/v1/users`, {
        name: `Agent ${String(i).padStart(5, '0')}`,
        email: `agent${i}@bench.example`,
        skills: [{ name: `skill-${i % 20}` }],
      });
      ids.push(user.id);
    });
    process.stdout.write(`seeded ${AGENTS} users in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    const rpc = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [nats.url] } });
    await rpc.connect();
    started = Date.now();
    await inParallel(ids.slice(0, Math.floor(AGENTS / 2)), 16, async (agentId) => {
      await callRpc(rpc, GoOnline, { tenantId: tenant, agentId, hours: 8 });
    });
    process.stdout.write(
      `${Math.floor(AGENTS / 2)} agents online in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );

    // Each web root in turn (BENCH_BOARD_WEB_ROOTS, comma-separated: e.g. two builds of the console,
    // interleaved, against the same seeded stack), or the built one.
    for (const [round, webRoot] of WEB_ROOTS.entries()) {
      if (server && server.exitCode === null) server.kill('SIGTERM');
      if (webRoot) process.stdout.write(`round ${round + 1}: console web root ${webRoot}\n`);
      const port = await freeTcpPort();
      server = spawn(
        process.execPath,
        [join(repositoryRoot(), 'dist', 'apps', 'console', 'src', 'main.js')],
        {
          env: {
            ...process.env,
            LOG_LEVEL: 'warn',
            CONSOLE_HTTP_PORT: String(port),
            CONSOLE_LOCAL_SIGN_IN: 'true',
            CONSOLE_UPSTREAM_IDENTITY: stack.urls.identity,
            CONSOLE_UPSTREAM_MEDIA: stack.urls.media,
            CONSOLE_UPSTREAM_FLOW_RUNTIME: stack.urls.flowRuntime,
            CONSOLE_UPSTREAM_PRESENCE: stack.urls.presence,
            CONSOLE_UPSTREAM_DISPATCH: stack.urls.dispatch,
            ...(webRoot ? { CONSOLE_WEB_ROOT: webRoot } : {}),
          },
          stdio: 'ignore',
        },
      );
      const consoleUrl = `http://127.0.0.1:${port}`;
      for (let i = 0; (await fetch(`${consoleUrl}/health/ready`).catch(() => null))?.ok !== true; i++) {
        if (i > 200) throw new Error('the console server did not start');
        await sleep(100);
      }

      const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
      started = Date.now();
      await page.goto(`${consoleUrl}/signin#credential=${token}`);
      await page.waitForURL((u) => u.pathname === '/users');
      await page.goto(`${consoleUrl}/board`);
      await page.getByTestId('feed-status').getByText('Live').waitFor({ timeout: 120_000 });
      await page.getByText(`All (${AGENTS})`).waitFor({ timeout: 120_000 });
      process.stdout.write(
        `board loaded (${AGENTS} agents) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
      await page
        .getByRole('textbox', { name: 'Order' })
        .click()
        .catch(() => page.getByLabel('Order').first().click());
      await page.getByRole('option', { name: 'Latest change first' }).click();
      await page.evaluate(INSTRUMENT);

      // Chromium's own account of the page's main thread (script, layout, style), to tell a busy page
      // from one starved of CPU by the stack on the same machine.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const busy = async (): Promise<Record<string, number>> => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
      };
      const threadShare = (a: Record<string, number>, b: Record<string, number>, seconds: number) =>
        ['ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'TaskDuration']
          .map((k) => `${k.replace('Duration', '')} ${(((b[k] - a[k]) / seconds) * 100).toFixed(0)}%`)
          .join(', ');
      const fps = async (seconds: number): Promise<number[]> => {
        await page.evaluate(START_FRAMES);
        await sleep(seconds * 1000);
        const frames = await page.evaluate<number[]>(STOP_FRAMES);
        const perSecond = new Map<number, number>();
        const first = frames[0] ?? 0;
        for (const t of frames) {
          const s = Math.floor((t - first) / 1000);
          perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
        }
        return [...perSecond.entries()]
          .filter(([s]) => s < seconds - 0.5)
          .map(([, n]) => n)
          .sort((a, b) => a - b);
      };

      const idleFrom = await busy();
      const idle = await fps(IDLE_SECONDS);
      const idleShare = threadShare(idleFrom, await busy(), IDLE_SECONDS);
      const sent: { key: string; at: number }[] = [];
      let errors = 0;
      const feeding = (async () => {
        const total = RATE * SECONDS;
        const t0 = Date.now();
        const pending: Promise<void>[] = [];
        for (let i = 0; i < total; i++) {
          const due = t0 + (i * 1000) / RATE;
          if (due > Date.now()) await sleep(due - Date.now());
          const agentId = ids[Math.floor(Math.random() * ids.length)];
          pending.push(
            callRpc(rpc, GoOnline, { tenantId: tenant, agentId, hours: 1 + (i % 12) }).then(
              (view) =>
                void sent.push({ key: `${agentId}#${view.sequence}`, at: Date.parse(view.changedAt!) }),
              () => void (errors += 1),
            ),
          );
        }
        await Promise.all(pending);
      })();
      const loadedFrom = await busy();
      const traced = TRACE && (!TRACE_ROUNDS || TRACE_ROUNDS.includes(round + 1));
      const tracing = traced ? trace(page, TRACE.replace('.json', `-${round + 1}.json`)) : Promise.resolve();
      const loaded = await fps(SECONDS);
      await tracing;
      const loadedShare = threadShare(loadedFrom, await busy(), SECONDS);
      await feeding;
      await sleep(2000); // the last events reach the page
      const seen = new Map(await page.evaluate<[string, number][]>(SEEN));
      const latencies = sent
        .map((e) => (seen.has(e.key) ? seen.get(e.key)! - e.at : NaN))
        .filter((v) => !Number.isNaN(v))
        .sort((a, b) => a - b);
      const ms = (v: number) => `${v.toFixed(0)} ms`;
      process.stdout.write(
        [
          `presence board: ${AGENTS} agents, ${RATE} events/s for ${SECONDS} s (${sent.length} sent, ${errors} failed)`,
          `  frame rate idle (baseline):   median ${percentile(idle, 50)} fps, p5 ${percentile(idle, 5)} fps; main thread: ${idleShare}`,
          `  frame rate with the feed:     median ${percentile(loaded, 50)} fps, p5 ${percentile(loaded, 5)} fps (goal: median 60); main thread: ${loadedShare}`,
          `  event-to-screen:              p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? NaN)} (goal: p99 < 250 ms); ${latencies.length}/${sent.length} seen on screen`,
          `  load average (1 min) at the end: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
          '',
        ].join('\n'),
      );
      await page.context().close();
    }
    await rpc.close();
  } finally {
    await browser.close();
    if (server && server.exitCode === null) server.kill('SIGTERM');
    await stack?.stop();
    await nats?.stop();
    await dropDatabase(dbUrl.toString()).catch(() => undefined);
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
