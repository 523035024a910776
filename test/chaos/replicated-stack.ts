/**
 * The stack in its production shape on this machine: two replicas of every app (the built
 * `dist/apps/<app>/src/main.js`, each on a port of its own), against the suite's PostgreSQL and its
 * three-server NATS cluster (`NATS_URL` naming all three, `NATS_STREAM_REPLICAS=3`), with dispatch
 * behind a balancer and pointed at a Twilio REST double. A replica that exits without being asked
 * to is started again, as Kubernetes restarts a pod's container and `npm start`'s supervisor an app
 * (scripts/supervise.mjs): after 1 s, doubling while it keeps exiting, up to 30 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintAdminToken, mintPlatformAdminToken } from '@tp/platform';
import { startTwilioRestDouble, type TwilioRestDouble } from '@tp/twilio-simulator';
import type { StackUrls } from '../../libs/stack-harness/src/seed-tenant';
import { freeTcpPort, repositoryRoot, STACK_APPS, type StackApp } from '../../libs/stack-harness/src/stack';
import { startBalancer, type Balancer } from './balancer';
import { startReadinessMonitor, type ReadinessMonitor } from './readiness-monitor';

export const REPLICAS = 2;
const ISSUER = 'timed-presence';

export interface Replica {
  readonly app: StackApp;
  readonly index: number;
  readonly port: number;
  readonly url: string;
  child: ChildProcess | null;
  /** When the running process was started. */
  startedAt: number;
  /** Starts after exits without a request. */
  restarts: number;
  output: string;
}

export interface ReplicatedStack {
  readonly replicas: Replica[];
  /** Replica 0 of each app, for the seed (admin APIs). */
  readonly urls: StackUrls;
  readonly balancer: Balancer;
  readonly readiness: ReadinessMonitor;
  readonly twilio: { accountSid: string; authToken: string };
  readonly twilioRest: TwilioRestDouble;
  replica(app: StackApp, index: number): Replica;
  token(tenantId: string): string;
  platformToken(): string;
  /** SIGKILL to one replica; resolves when it has exited (it is started again as any crashed replica). */
  kill(app: StackApp, index: number): Promise<void>;
  stop(): Promise<void>;
}

const portVariable = (app: StackApp) => `${app.replace(/-/g, '_').toUpperCase()}_HTTP_PORT`;

function exitOf(child: ChildProcess): Promise<{ code: number | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode });
    else child.once('exit', (code) => resolve({ code }));
  });
}

export async function startReplicatedStack(options: {
  databaseUrl: string;
  natsUrl: string;
  /** The database holds every app's schema already (a copy of a migrated one): skip migrating. */
  migrated?: boolean;
  env?: Record<string, string>;
}): Promise<ReplicatedStack> {
  const root = repositoryRoot(__dirname);
  const twilio = {
    accountSid: `AC${randomBytes(16).toString('hex')}`,
    authToken: randomBytes(16).toString('hex'),
  };
  const twilioRest = await startTwilioRestDouble({ [twilio.accountSid]: twilio.authToken });
  const secret = randomBytes(32).toString('hex');
  const replicas: Replica[] = [];
  for (const app of STACK_APPS)
    for (let index = 0; index < REPLICAS; index += 1) {
      const port = await freeTcpPort();
      replicas.push({
        app,
        index,
        port,
        url: `http://127.0.0.1:${port}`,
        child: null,
        startedAt: 0,
        restarts: 0,
        output: '',
      });
    }
  const dispatchUrls = () => replicas.filter((r) => r.app === 'dispatch').map((r) => r.url);
  const readiness = startReadinessMonitor(() => replicas.map((r) => r.url));
  const balancer = await startBalancer(dispatchUrls, (url) => readiness.isReady(url));
  const envOf = (replica: Replica): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_URL: options.databaseUrl,
    NATS_URL: options.natsUrl,
    NATS_STREAM_REPLICAS: '3',
    AUTH_JWT_SECRET: secret,
    AUTH_JWT_ISSUER: ISSUER,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    SHUTDOWN_DRAIN_MS: '0',
    DATABASE_POOL_MAX: '5',
    [portVariable(replica.app)]: String(replica.port),
    ...(replica.app === 'dispatch'
      ? {
          PUBLIC_BASE_URL: balancer.url,
          TWILIO_ACCOUNT_SID: twilio.accountSid,
          TWILIO_AUTH_TOKEN: twilio.authToken,
          TWILIO_API_BASE_URL: twilioRest.url,
        }
      : {}),
    ...options.env,
  });
  const spawnApp = (replica: Replica, args: string[] = [], cwd = root): ChildProcess => {
    const child = spawn(
      process.execPath,
      [join(root, 'dist', 'apps', replica.app, 'src', 'main.js'), ...args],
      {
        cwd,
        env: envOf(replica),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const collect = (chunk: Buffer) => {
      replica.output = (replica.output + chunk.toString()).slice(-64 * 1024);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    return child;
  };
  let stopping = false;
  const timers = new Set<NodeJS.Timeout>();
  /** Runs a replica, and starts it again whenever it exits while the stack is not stopping. */
  const supervise = (r: Replica, delayMs = 1000): void => {
    const child = spawnApp(r);
    r.child = child;
    r.startedAt = Date.now();
    child.once('exit', () => {
      if (stopping) return;
      const ranMs = Date.now() - r.startedAt;
      const next = ranMs >= 60_000 ? 1000 : delayMs;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (stopping) return;
        r.restarts += 1;
        supervise(r, Math.min(next * 2, 30_000));
      }, next);
      timers.add(timer);
    });
  };
  const killAll = () => replicas.forEach((r) => r.child?.exitCode === null && r.child.kill('SIGKILL'));
  process.once('exit', killAll);
  const replica = (app: StackApp, index: number) => replicas.find((r) => r.app === app && r.index === index)!;

  const stop = async () => {
    stopping = true;
    for (const t of timers) clearTimeout(t);
    readiness.stop();
    await Promise.all(
      replicas.map(async (r) => {
        if (!r.child || r.child.exitCode !== null || r.child.signalCode !== null) return;
        const exited = exitOf(r.child);
        r.child.kill('SIGCONT');
        r.child.kill('SIGTERM');
        const killer = setTimeout(() => r.child?.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }),
    );
    process.removeListener('exit', killAll);
    await balancer.close();
    await twilioRest.close();
  };

  const began = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'tp-chaos-migrate-'));
  try {
    await Promise.all(
      (options.migrated ? [] : STACK_APPS).map(async (app) => {
        const r = replica(app, 0);
        const exit = await exitOf(spawnApp(r, ['migrate'], scratch));
        if (exit.code !== 0) throw new Error(`${app} migrate failed:\n${r.output}`);
      }),
    );
    const migrated = Date.now();
    for (const r of replicas) supervise(r);
    const deadline = Date.now() + 120_000;
    while (!replicas.every((r) => readiness.isReady(r.url))) {
      const dead = replicas.find((r) => r.restarts > 0);
      if (dead) throw new Error(`${dead.app} #${dead.index} exited before it was ready:\n${dead.output}`);
      if (Date.now() > deadline)
        throw new Error(
          `not ready after 120 s: ${replicas
            .filter((r) => !readiness.isReady(r.url))
            .map((r) => `${r.app} #${r.index}\n${r.output}`)
            .join('\n')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
    if (process.env.CHAOS_VERBOSE)
      process.stderr.write(
        `chaos stack: migrated ${migrated - began} ms, ready ${Date.now() - migrated} ms\n`,
      );
  } catch (error) {
    await stop();
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const url = (app: StackApp) => replica(app, 0).url;
  return {
    replicas,
    urls: {
      identity: url('identity'),
      media: url('media'),
      flowRuntime: url('flow-runtime'),
      presence: url('presence'),
      dispatch: url('dispatch'),
    },
    balancer,
    readiness,
    twilio,
    twilioRest,
    replica,
    token: (tenantId) =>
      mintAdminToken(secret, { tenantId, subject: 'chaos', issuer: ISSUER, ttlSeconds: 3600 }),
    platformToken: () =>
      mintPlatformAdminToken(secret, { subject: 'chaos', issuer: ISSUER, ttlSeconds: 3600 }),
    kill: async (app, index) => {
      const r = replica(app, index);
      if (!r.child) return;
      const exited = exitOf(r.child);
      r.child.kill('SIGKILL');
      await exited;
    },
    stop,
  };
}
