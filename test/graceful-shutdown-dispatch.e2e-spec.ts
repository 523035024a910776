import { GetFlow, StartSession } from '@tp/contracts';
import { mintAdminToken, mintPlatformAdminToken } from '@tp/platform';
import { createTestDatabase, fakePeer, startFakePeers, TEST_NATS_URL, uniqueSuffix } from '@tp/stack-harness';
import { CallSimulator, type SimulatedCall } from '@tp/twilio-simulator';
import type { INestMicroservice } from '@nestjs/common';
import { freePort, run, waitUntil, type Running } from './support/processes';

const SECRET = 'dev-only-secret-change-me-0123456789abcdef'; // the apps' development default
const TOKEN = 'dev-auth-token-for-the-shutdown-test';
const DRAIN_MS = 1500;
const FLOW_ID = 'flow-shutdown';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGTERM while Twilio webhooks are in flight (flow-runtime answers each after 400 ms): dispatch
 * turns not-ready first, and every webhook, sent before or during the drain, gets valid TwiML.
 */
describe('graceful shutdown on SIGTERM (dispatch, Twilio webhooks in flight)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let peers: INestMicroservice;
  let app: Running | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('shutdown_dispatch');
    const migrate = run(['dist/apps/dispatch/src/main.js', 'migrate'], { DATABASE_URL: db.url });
    expect((await migrate.exited).code).toBe(0);
    peers = await startFakePeers(TEST_NATS_URL, [
      fakePeer(GetFlow, () => ({
        found: true,
        flowId: FLOW_ID,
        name: 'Timed Presence',
        type: 'customer',
        publishedVersion: 1,
      })),
      fakePeer(StartSession, async (request) => {
        await sleep(400);
        return {
          sessionId: `s${request.callSid.slice(2, 20)}`,
          turn: 0,
          steps: [{ type: 'say' as const, text: 'Welcome, agent.' }, { type: 'hangup' as const }],
          done: true,
        };
      }),
    ]);
  });

  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await peers?.close();
    await db?.drop();
  });

  it('turns not-ready first and answers every in-flight webhook with TwiML, then exits 0', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    app = run(['dist/apps/dispatch/src/main.js'], {
      DATABASE_URL: db.url,
      DISPATCH_HTTP_PORT: String(port),
      PUBLIC_BASE_URL: base,
      TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
      TWILIO_AUTH_TOKEN: TOKEN,
      SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      SHUTDOWN_TIMEOUT_MS: '8000',
      LOG_LEVEL: 'warn',
    });
    await waitUntil(
      async () => (await fetch(`${base}/health/ready`).catch(() => null))?.status === 200,
      30_000,
      'ready',
    );
    const tenant = `shutdown-${uniqueSuffix()}`;
    const admin = mintAdminToken(SECRET, {
      tenantId: tenant,
      subject: 'e2e',
      issuer: 'timed-presence',
      ttlSeconds: 600,
    });
    const assigned = await fetch(`${base}/v1/contact-points`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${mintPlatformAdminToken(SECRET, { subject: 'e2e', issuer: 'timed-presence', ttlSeconds: 600 })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ phoneNumber: '+15550107777', tenantId: tenant }),
    });
    expect(assigned.status).toBe(201);
    const created = await fetch(`${base}/v1/dispatch-mappings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Login', phoneNumber: '+15550107777', flowId: FLOW_ID }),
    });
    expect(created.status).toBe(201);
    const simulator = new CallSimulator({ serverUrl: base, authToken: TOKEN });
    const exited = app.exited.then((exit) => ({ ...exit, at: Date.now() }));

    // Webhooks every 50 ms; SIGTERM after the fourth; keep sending through part of the drain.
    const calls: Promise<SimulatedCall>[] = [];
    let notReadyAt = 0;
    let sigtermAt = 0;
    for (let i = 0; i < 16; i += 1) {
      calls.push(simulator.dial({ from: `+1555010${String(1000 + i)}`, to: '+15550107777' }));
      if (i === 3) {
        sigtermAt = Date.now();
        app.child.kill('SIGTERM');
        void (async () => {
          while (!notReadyAt) {
            const status = (await fetch(`${base}/health/ready`).catch(() => null))?.status;
            if (status === 503) notReadyAt = Date.now();
            await sleep(20);
          }
        })();
      }
      await sleep(50);
    }
    const answered = await Promise.all(calls);
    const exit = await exited;

    expect(notReadyAt).toBeGreaterThan(0);
    expect(notReadyAt - sigtermAt).toBeLessThan(DRAIN_MS / 2);
    for (const call of answered) {
      expect({ status: call.lastStatus, type: call.lastContentType }).toEqual({
        status: 200,
        type: expect.stringContaining('text/xml'),
      });
      expect(call.lastSaid).toBe('Welcome, agent.');
      expect(call.ended).toBe(true);
    }
    expect(exit.code).toBe(0);
    expect(exit.at).toBeGreaterThan(sigtermAt + DRAIN_MS);
  });
});
