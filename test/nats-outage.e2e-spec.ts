import { uniqueSuffix, waitFor } from '@tp/stack-harness';
import { seedTimedPresenceTenant } from '../libs/stack-harness/src/seed-tenant';
import { DISPATCH_APOLOGY_TEXT, expectEndedHearing, SAY } from './support/call-in';
import { privateNats } from './support/nats-outage';
import { STACK_APPS, startTestStack, type TestStack } from './support/stack';

/**
 * NATS stopped for longer than a client with a bounded reconnect policy keeps trying (the `nats`
 * v2 client's defaults give up after 10 attempts 2 s apart, about 20 s), then started again on the
 * same port with the same store: every app says it is not ready while NATS is away, a caller hears
 * the apology, and the stack serves a login call again within 2 s of NATS returning, without a
 * restart.
 */
const OUTAGE_MS = 25_000;
const tenant = `nats-outage-${uniqueSuffix()}`;
const CONTACT = '+15550700100';
const AGENTS = { before: '+15550701000', after: '+15550701001' } as const;

describe('a NATS outage longer than a bounded reconnect policy survives', () => {
  let stack: TestStack;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    stack = await startTestStack('nats_outage');
    const seeded = await seedTimedPresenceTenant(stack.urls, {
      token: stack.token(tenant),
      platformToken: stack.platformToken(),
      contactPoint: CONTACT,
      agents: Object.entries(AGENTS).map(([key, phone]) => ({
        name: `Agent ${key}`,
        email: `${key}@outage.example`,
        phone,
      })),
    });
    for (const a of seeded.agents) ids.set(a.phone, a.id);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  /** Which apps answer /health/ready with 200 right now. */
  const readiness = async (): Promise<Record<string, boolean>> =>
    Object.fromEntries(
      await Promise.all(
        STACK_APPS.map(async (app) => {
          try {
            const response = await fetch(`http://127.0.0.1:${stack.ports[app]}/health/ready`, {
              signal: AbortSignal.timeout(3000),
            });
            await response.arrayBuffer();
            return [app, response.ok] as const;
          } catch {
            return [app, false] as const;
          }
        }),
      ),
    );

  /** One login call as the agent: the menu, then 1 (the first preset). */
  const login = async (phone: string) => {
    const call = await stack.simulator().dial({ from: phone, to: CONTACT });
    if (!call.ended) await call.press('1');
    return call;
  };

  it('is not ready during the outage and serves a login call within 2 s after it', async () => {
    expect(Object.values(await readiness())).toEqual(STACK_APPS.map(() => true));
    expectEndedHearing(await login(AGENTS.before), SAY.online);

    const nats = privateNats();
    const outageStarted = Date.now();
    await nats.stop();
    try {
      await waitFor(
        async () => Object.values(await readiness()).every((ready) => !ready),
        10_000,
        'every app to say it is not ready',
      );
      const during = await stack.simulator().dial({ from: AGENTS.after, to: CONTACT });
      expect(during.lastStatus).toBe(200);
      expectEndedHearing(during, DISPATCH_APOLOGY_TEXT);

      await new Promise((r) => setTimeout(r, outageStarted + OUTAGE_MS - Date.now()));
      expect(await readiness()).toEqual(Object.fromEntries(STACK_APPS.map((app) => [app, false])));
    } finally {
      await nats.start();
    }
    const back = Date.now();

    await waitFor(
      async () => Object.values(await readiness()).every(Boolean),
      5_000,
      'every app to be ready again',
    );
    const readyAfterMs = Date.now() - back;
    let call = await login(AGENTS.after);
    while (call.lastSaid !== SAY.online && Date.now() - back < 5_000) call = await login(AGENTS.after);
    const servedAfterMs = Date.now() - back;

    process.stderr.write(
      `NATS back after ${OUTAGE_MS} ms: every app ready in ${readyAfterMs} ms, a login served in ${servedAfterMs} ms\n`,
    );
    expectEndedHearing(call, SAY.online);
    expect(await stack.presence(tenant, ids.get(AGENTS.after)!)).toMatchObject({ state: 'online' });
    expect(readyAfterMs).toBeLessThanOrEqual(2000);
    expect(servedAfterMs).toBeLessThanOrEqual(2000);
  }, 120_000);
});
