import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mintAdminToken } from '@tp/platform';
import { randomUUID } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import { GetUserContact } from '@tp/contracts';
import { createTestDatabase, fakePeer, startFakePeers, TEST_NATS_URL, uniqueSuffix } from '@tp/stack-harness';
import { freePort, run, waitUntil, type Running } from './support/processes';

// The development secret the apps use when AUTH_JWT_SECRET is not set (libs/platform config).
const SECRET = 'dev-only-secret-change-me-0123456789abcdef';
const DRAIN_MS = 1500;
/** How long our stand-in for a load balancer keeps sending after it saw the app turn not-ready. */
const LB_REACTION_MS = 300;

interface Outcome {
  sentAt: number;
  status?: number;
  error?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Kubernetes sends SIGTERM and, at the same time, starts taking the pod out of its endpoints; load
 * balancers notice a little later. The app must turn not-ready first, keep serving meanwhile, and
 * finish what is in flight when it closes.
 *
 * The same for dispatch's Twilio webhooks: test/graceful-shutdown-dispatch.e2e-spec.ts.
 */
describe('graceful shutdown on SIGTERM (presence)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: Running | undefined;
  let identity: INestMicroservice | undefined;
  /** Agents are identity's users: ids presence may put online, as identity's stand-in says. */
  const AGENTS = { slow: randomUUID(), workers: Array.from({ length: 5 }, () => randomUUID()) };

  beforeAll(async () => {
    identity = await startFakePeers(TEST_NATS_URL, [
      fakePeer(GetUserContact, () => ({ found: true as const, pstnNumbers: [] })),
    ]);
    db = await createTestDatabase('shutdown');
    const migrate = run(['dist/apps/presence/src/main.js', 'migrate'], { DATABASE_URL: db.url });
    expect((await migrate.exited).code).toBe(0);
  });

  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await identity?.close();
    await db?.drop();
  });

  it('turns not-ready first, serves through the drain, completes every in-flight request, exits 0', async () => {
    const port = await freePort();
    app = run(['dist/apps/presence/src/main.js'], {
      DATABASE_URL: db.url,
      PRESENCE_HTTP_PORT: String(port),
      SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      SHUTDOWN_TIMEOUT_MS: '8000',
      LOG_LEVEL: 'warn',
    });
    const exited = app.exited.then((exit) => ({ ...exit, at: Date.now() }));
    const tenant = `shutdown-${uniqueSuffix()}`;
    const token = mintAdminToken(SECRET, {
      tenantId: tenant,
      subject: 'e2e',
      issuer: 'timed-presence',
      ttlSeconds: 600,
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 8 }); // reuses connections, as a proxy does

    const call = (method: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method,
            path,
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body ? { 'content-type': 'application/json' } : {}),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const ready = () => call('GET', '/health/ready').catch(() => 0);

    await waitUntil(async () => (await ready()) === 200, 30_000, 'presence to be ready');

    // A request in flight across the whole shutdown: its headers are in, its body comes later.
    const slowBody = JSON.stringify({ hours: 8 });
    const slow = await openSlowRequest(port, `/v1/presence/agents/${AGENTS.slow}/online`, token, slowBody);

    // Traffic as a load balancer sends it: until it has seen the app not ready, plus its reaction time.
    const outcomes: Outcome[] = [];
    const readiness: { at: number; status: number }[] = [];
    let notReadySince: number | null = null;
    const load = async (worker: number) => {
      for (let i = 0; notReadySince === null || Date.now() - notReadySince < LB_REACTION_MS; i += 1) {
        const outcome: Outcome = { sentAt: Date.now() };
        outcomes.push(outcome);
        try {
          outcome.status =
            i % 2 === 0
              ? await call('GET', `/v1/presence/agents/${AGENTS.workers[worker]}`)
              : await call(
                  'POST',
                  `/v1/presence/agents/${AGENTS.workers[worker]}/online`,
                  JSON.stringify({ hours: 2 }),
                );
        } catch (error) {
          outcome.error = (error as Error).message;
        }
        await sleep(10);
      }
    };
    const probe = async () => {
      while (notReadySince === null || Date.now() - notReadySince < LB_REACTION_MS) {
        const status = await ready();
        readiness.push({ at: Date.now(), status });
        if (status !== 200 && notReadySince === null) notReadySince = Date.now();
        await sleep(25);
      }
    };
    const traffic = Promise.all([probe(), load(1), load(2), load(3), load(4)]);
    await sleep(300);

    const sigtermAt = Date.now();
    app.child.kill('SIGTERM');
    await traffic;

    // Readiness turned 503 promptly, long before the app stopped serving.
    const firstNotReady = readiness.find((r) => r.at >= sigtermAt && r.status !== 200);
    expect(firstNotReady?.status).toBe(503);
    expect(firstNotReady!.at - sigtermAt).toBeLessThan(DRAIN_MS / 2);
    expect(readiness.filter((r) => r.at < sigtermAt).every((r) => r.status === 200)).toBe(true);

    // Every request sent before and during the drain was answered, and answered well.
    const afterSigterm = outcomes.filter((o) => o.sentAt >= sigtermAt);
    expect(afterSigterm.length).toBeGreaterThan(4);
    expect(outcomes.filter((o) => o.error !== undefined || o.status !== 200)).toEqual([]);

    // Close has begun (the drain is over): the in-flight request finishes now, and is answered.
    await sleep(Math.max(0, sigtermAt + DRAIN_MS + 400 - Date.now()));
    const answer = await slow.finish();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ agentId: AGENTS.slow, state: 'online' });

    const exit = await exited;
    expect(exit.code).toBe(0);
    expect(exit.at).toBeGreaterThanOrEqual(sigtermAt + DRAIN_MS);
    expect(app.stderr()).toBe('');
    agent.destroy();
  });
});

/**
 * Sends a request's headers and all but the last byte of its body, so that the server holds it in
 * flight; `finish()` sends the rest and reads the whole answer.
 */
async function openSlowRequest(
  port: number,
  path: string,
  token: string,
  body: string,
): Promise<{ finish(): Promise<{ status: number; body: string }> }> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(
    [
      `POST ${path} HTTP/1.1`,
      `host: 127.0.0.1:${port}`,
      `authorization: Bearer ${token}`,
      'content-type: application/json',
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
      '',
      body.slice(0, -1),
    ].join('\r\n'),
  );
  return {
    async finish() {
      socket.write(body.slice(-1));
      await closed;
      const [head, ...rest] = received.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      return { status, body: decodeChunked(head, rest.join('\r\n\r\n')) };
    },
  };
}

function decodeChunked(head: string, body: string): string {
  if (!/transfer-encoding: chunked/i.test(head)) return body;
  let out = '';
  let rest = body;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
