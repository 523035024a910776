/**
 * The whole stack as `npm start` runs it, for end-to-end tests and benchmarks: the five built apps
 * (`dist/apps/<app>/src/main.js`, each migrated first) on free ports, against one database and one
 * NATS server, with dispatch pointed at a Twilio REST double. Used by `test/support/stack.ts` and by
 * the benchmarks under `bench/` (which cannot import `test/`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mintAdminToken, mintPlatformAdminToken } from '@tp/platform';
import { startTwilioRestDouble, type TwilioRestDouble } from '@tp/twilio-simulator';
import type { StackUrls } from './seed-tenant';

export const STACK_APPS = ['identity', 'media', 'flow-runtime', 'presence', 'dispatch'] as const;
export type StackApp = (typeof STACK_APPS)[number];

export const AUTH_JWT_ISSUER = 'timed-presence';

export interface StackOptions {
  databaseUrl: string;
  /** The database already holds every app's current schema (a copy of a migrated one): skip migrating. */
  migrated?: boolean;
  natsUrl: string;
  /** Variables for every app (LOG_LEVEL defaults to `warn`, SHUTDOWN_DRAIN_MS to 0, DATABASE_POOL_MAX to 5). */
  env?: Record<string, string>;
  /** Variables for one app, over `env`. */
  appEnv?: Partial<Record<StackApp, Record<string, string>>>;
  /** The platform's Twilio account; a random one unless told. */
  twilio?: { accountSid: string; authToken: string };
  /** Node options for running an app (not for migrating it), e.g. `['--cpu-prof']` to profile it. */
  nodeArgs?: Partial<Record<StackApp, string[]>>;
  /** The secret the apps verify admin credentials with; a random one unless told. */
  authJwtSecret?: string;
  /** How long to wait for every app to be ready; 60 s unless told. */
  readyTimeoutMs?: number;
  /**
   * How many dispatch processes to run (1 unless told): the others listen on ports of their own,
   * with the same settings and the same PUBLIC_BASE_URL, as replicas behind one load balancer.
   */
  dispatchReplicas?: number;
}

export interface StackProcess {
  readonly app: StackApp;
  readonly port: number;
  readonly child: ChildProcess;
  /** The last 256 KiB the process wrote to stdout and stderr. */
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface Stack {
  readonly urls: StackUrls;
  readonly ports: Record<StackApp, number>;
  /** What dispatch was told Twilio reaches it at (the simulator's serverUrl and publicBaseUrl). */
  readonly publicBaseUrl: string;
  /** Every dispatch replica's own URL (the first is `publicBaseUrl`): where a load balancer would send webhooks. */
  readonly dispatchUrls: string[];
  /** The platform's Twilio account, as dispatch knows it. */
  readonly twilio: { accountSid: string; authToken: string };
  readonly twilioRest: TwilioRestDouble;
  /** An admin credential of a tenant, as `npm run token` mints it, valid for an hour. */
  token(tenantId: string): string;
  /** A platform admin credential (sets up tenants), as `npm run admin -- token --platform` mints it. */
  platformToken(): string;
  process(app: StackApp): StackProcess | undefined;
  /** SIGTERM to one app; resolves when it has exited. */
  stopApp(app: StackApp): Promise<void>;
  /** Starts one app again on its port and waits until it is ready. */
  startApp(app: StackApp): Promise<void>;
  /**
   * Freezes one app (SIGSTOP): it holds its connections but does nothing, as a process stuck in a
   * long GC pause or starved of CPU would; what is sent to it waits in its sockets until {@link resumeApp}.
   */
  pauseApp(app: StackApp): void;
  /** Lets a frozen app run again (SIGCONT). */
  resumeApp(app: StackApp): void;
  /** SIGTERM to every app and waits for them, then closes the REST double. */
  stop(): Promise<void>;
}

/** The repository root: the nearest directory above this file with a package.json (works from dist too). */
export function repositoryRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** Whether nobody listens on `port` right now. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Ports handed out by this process, so one stack never gets a port another was just given. */
const handedOut = new Set<number>();
const PORT_BLOCK = 500;

/**
 * A TCP port nobody listens on right now, below the kernel's ephemeral range (32768+) and in a
 * block of its own per Jest worker: a port probed with `listen(0)` comes from the range every
 * outgoing socket and every other test file's probe draw from, so another file's app could bind it
 * before ours and answer in its place (seen once: the seed helper got media's 404 from
 * "identity's" port).
 */
export async function freeTcpPort(): Promise<number> {
  const worker = Number(process.env.JEST_WORKER_ID ?? 0);
  const base = 20_000 + (worker % 24) * PORT_BLOCK;
  const start = Math.floor(Math.random() * PORT_BLOCK);
  for (let i = 0; i < PORT_BLOCK; i += 1) {
    const port = base + ((start + i) % PORT_BLOCK);
    if (handedOut.has(port)) continue;
    if (await portIsFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free TCP port in ${base}-${base + PORT_BLOCK - 1}`);
}

const portVariable = (app: StackApp) => `${app.replace(/-/g, '_').toUpperCase()}_HTTP_PORT`;
const entry = (root: string, app: StackApp) => join(root, 'dist', 'apps', app, 'src', 'main.js');
const OUTPUT_LIMIT = 256 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spawnApp(
  root: string,
  app: StackApp,
  port: number,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = root,
  nodeArgs: string[] = [],
): StackProcess {
  const child = spawn(process.execPath, [...nodeArgs, entry(root, app), ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > OUTPUT_LIMIT) out = out.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { app, port, child, output: () => out, exited };
}

async function ready(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/health/ready`);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** Migrates and starts the five apps; resolves once every one answers /health/ready with 200. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const root = repositoryRoot();
  for (const app of STACK_APPS) {
    if (!existsSync(entry(root, app))) throw new Error(`${entry(root, app)} is missing: npm run build first`);
  }
  const twilio = options.twilio ?? {
    accountSid: `AC${randomBytes(16).toString('hex')}`,
    authToken: randomBytes(16).toString('hex'),
  };
  const twilioRest = await startTwilioRestDouble({ [twilio.accountSid]: twilio.authToken });
  const ports = {} as Record<StackApp, number>;
  for (const app of STACK_APPS) ports[app] = await freeTcpPort();
  const url = (app: StackApp) => `http://127.0.0.1:${ports[app]}`;
  const publicBaseUrl = url('dispatch');
  const authJwtSecret = options.authJwtSecret ?? randomBytes(32).toString('hex');
  const shared: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    AUTH_JWT_SECRET: authJwtSecret,
    AUTH_JWT_ISSUER,
    NATS_URL: options.natsUrl,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SHUTDOWN_DRAIN_MS: '0',
    // Six processes at the default 10 connections each could hold 60 of PostgreSQL's 100, and two
    // test files run at once: a stack's light load needs few.
    DATABASE_POOL_MAX: '5',
    ...options.env,
  };
  const envOf = (app: StackApp): Record<string, string> => ({
    ...shared,
    [portVariable(app)]: String(ports[app]),
    ...(app === 'dispatch'
      ? {
          PUBLIC_BASE_URL: publicBaseUrl,
          TWILIO_ACCOUNT_SID: twilio.accountSid,
          TWILIO_AUTH_TOKEN: twilio.authToken,
          TWILIO_API_BASE_URL: twilioRest.url,
        }
      : {}),
    ...options.appEnv?.[app],
  });
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const running = new Map<StackApp, StackProcess>();
  // A test runner that dies must not leave the apps behind.
  const killAll = () => {
    for (const p of [...running.values(), ...extraDispatch])
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
  };
  process.once('exit', killAll);

  const startOne = async (app: StackApp): Promise<void> => {
    const p = spawnApp(root, app, ports[app], [], envOf(app), root, options.nodeArgs?.[app]);
    running.set(app, p);
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    void p.exited.then((e) => (exit = e));
    const deadline = Date.now() + readyTimeoutMs;
    while (!(await ready(url(app)))) {
      if (exit)
        throw new Error(`${app} exited (${JSON.stringify(exit)}) before it was ready:\n${p.output()}`);
      if (Date.now() > deadline)
        throw new Error(`${app} was not ready after ${readyTimeoutMs} ms:\n${p.output()}`);
      await sleep(100);
    }
  };

  const stopOne = async (app: StackApp): Promise<void> => {
    const p = running.get(app);
    if (!p) return;
    running.delete(app);
    if (p.child.exitCode === null && p.child.signalCode === null) {
      p.child.kill('SIGTERM');
      const killer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
      await p.exited;
      clearTimeout(killer);
    }
  };

  const signal = (app: StackApp, name: 'SIGSTOP' | 'SIGCONT'): void => {
    const p = running.get(app);
    if (!p || p.child.exitCode !== null) throw new Error(`${app} is not running`);
    p.child.kill(name);
  };

  const stop = async (): Promise<void> => {
    await stopReplicas();
    await Promise.all([...running.keys()].map(stopOne));
    process.removeListener('exit', killAll);
    await twilioRest.close();
  };

  const extraDispatch: StackProcess[] = [];
  const replicaPorts: number[] = [];
  for (let i = 1; i < (options.dispatchReplicas ?? 1); i += 1) replicaPorts.push(await freeTcpPort());
  const startReplicas = async (): Promise<void> => {
    for (const port of replicaPorts) {
      const env = { ...envOf('dispatch'), [portVariable('dispatch')]: String(port) };
      const p = spawnApp(root, 'dispatch', port, [], env, root, options.nodeArgs?.dispatch);
      extraDispatch.push(p);
      const deadline = Date.now() + readyTimeoutMs;
      while (!(await ready(`http://127.0.0.1:${port}`))) {
        if (p.child.exitCode !== null)
          throw new Error(`dispatch replica exited before it was ready:\n${p.output()}`);
        if (Date.now() > deadline) throw new Error(`dispatch replica was not ready:\n${p.output()}`);
        await sleep(100);
      }
    }
  };
  const stopReplicas = async (): Promise<void> => {
    await Promise.all(
      extraDispatch.splice(0).map(async (p) => {
        if (p.child.exitCode === null && p.child.signalCode === null) {
          p.child.kill('SIGTERM');
          const killer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
          await p.exited;
          clearTimeout(killer);
        }
      }),
    );
  };

  // MikroORM stores a schema snapshot after migrating, relative to the working directory; from a
  // scratch directory it cannot, so a test run leaves apps/*/src/migrations/.snapshot.json alone.
  const scratch = mkdtempSync(join(tmpdir(), 'tp-migrate-'));
  try {
    await Promise.all(
      (options.migrated ? [] : STACK_APPS).map(async (app) => {
        const migration = spawnApp(root, app, ports[app], ['migrate'], envOf(app), scratch);
        const exit = await migration.exited;
        if (exit.code !== 0)
          throw new Error(`${app} migrate failed (${JSON.stringify(exit)}):\n${migration.output()}`);
      }),
    );
    await Promise.all(STACK_APPS.map(startOne));
    await startReplicas();
  } catch (error) {
    await stop();
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  return {
    urls: {
      identity: url('identity'),
      media: url('media'),
      flowRuntime: url('flow-runtime'),
      presence: url('presence'),
      dispatch: url('dispatch'),
    },
    ports,
    publicBaseUrl,
    dispatchUrls: [publicBaseUrl, ...replicaPorts.map((port) => `http://127.0.0.1:${port}`)],
    twilio,
    twilioRest,
    ...stackCredentials(authJwtSecret),
    process: (app) => running.get(app),
    stopApp: stopOne,
    startApp: async (app) => {
      if (running.has(app)) throw new Error(`${app} is running`);
      await startOne(app);
    },
    pauseApp: (app) => signal(app, 'SIGSTOP'),
    resumeApp: (app) => signal(app, 'SIGCONT'),
    stop,
  };
}

/** The credentials a stack signs for its tests: a tenant admin's and a platform operator's, for an hour. */
export function stackCredentials(authJwtSecret: string): Pick<Stack, 'token' | 'platformToken'> {
  return {
    token: (tenantId) =>
      mintAdminToken(authJwtSecret, {
        tenantId,
        subject: 'stack',
        issuer: AUTH_JWT_ISSUER,
        ttlSeconds: 3600,
      }),
    platformToken: () =>
      mintPlatformAdminToken(authJwtSecret, { subject: 'stack', issuer: AUTH_JWT_ISSUER, ttlSeconds: 3600 }),
  };
}
