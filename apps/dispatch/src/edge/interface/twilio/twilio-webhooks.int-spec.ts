import type { INestMicroservice } from '@nestjs/common';
import { GetFlow, SessionInput, StartSession, type ChannelStep, type SessionTurn } from '@tp/contracts';
import {
  fakePeer,
  startFakePeers,
  startTestApp,
  TEST_NATS_URL,
  uniqueSuffix,
  waitFor,
  type TestApp,
} from '@tp/stack-harness';
import { CallSimulator, startTwilioRestDouble, type TwilioRestDouble } from '@tp/twilio-simulator';
import { Client } from 'pg';
import { dispatchApp } from '../../../dispatch.app';

const PUBLIC = 'https://voice.example.test/dispatch';
const PLATFORM_SID = 'AC11111111111111111111111111111111';
const PLATFORM_TOKEN = 'platform-auth-token';
const TENANT_SID = 'AC0123456789abcdef0123456789abcdef';
const TENANT_TOKEN = 'fedcba9876543210fedcba9876543210';
const AGENT = '+14155550123';
const DEADLINE_MS = 800;

const menu = (turn: number, before: ChannelStep[] = []): SessionTurn => ({
  sessionId: '',
  turn,
  done: false,
  steps: [
    ...before,
    {
      type: 'collect',
      purpose: 'preset-menu',
      maxDigits: 1,
      timeoutS: 5,
      finishOnKey: '',
      prompts: [
        { type: 'say', text: 'To go online for 8 hours, press 1.', voice: 'Polly.Joanna', language: 'en-US' },
      ],
    },
  ],
});

/**
 * Twilio webhooks end to end through dispatch as it runs (Fastify on a port, the real PostgreSQL
 * and NATS), driven by the call simulator exactly as Twilio posts (signed forms, following the
 * TwiML), with a stand-in for flow-runtime that is idempotent as the real one is. The public URL is
 * not where the app listens: signatures are checked against PUBLIC_BASE_URL, not Host.
 */
describe('dispatch: Twilio webhooks', () => {
  const suffix = uniqueSuffix();
  const acme = `acme-${suffix}`;
  const saved = { ...process.env };
  let dispatch: TestApp;
  let serverUrl: string;
  let flowRuntime: INestMicroservice;
  let twilioRest: TwilioRestDouble;
  let startMode: 'answer' | 'hang' = 'answer';
  const started: { callSid: string; from: string; to: string; stirVerstat?: string }[] = [];
  const inputs: { sessionId: string; turn: number; digits: string | null }[] = [];
  const effects = new Map<string, SessionTurn>();
  const sessions = new Map<string, string>();

  const numbers = {
    platform: '+14155550100',
    inactive: '+14155550101',
    tenant: '+14155550102',
    unmapped: '+14155550199',
  };

  /** flow-runtime as dispatch needs it, idempotent as the real one is (by CallSid, by session and turn). */
  const peers = () => [
    fakePeer(GetFlow, ({ flowId }) => ({
      found: true as const,
      flowId,
      name: 'Timed Presence',
      type: 'customer',
      publishedVersion: 1,
    })),
    fakePeer(StartSession, (request) => {
      started.push({
        callSid: request.callSid,
        from: request.from,
        to: request.to,
        stirVerstat: request.stirVerstat,
      });
      if (startMode === 'hang') return new Promise<never>(() => undefined);
      const sessionId = sessions.get(request.callSid) ?? `session-${sessions.size + 1}`;
      sessions.set(request.callSid, sessionId);
      return { ...menu(0, [{ type: 'say', text: 'Welcome to the agent line.' }]), sessionId };
    }),
    fakePeer(SessionInput, ({ sessionId, turn, digits }) => {
      inputs.push({ sessionId, turn, digits });
      const key = `${sessionId}/${turn}`;
      const known = effects.get(key);
      if (known) return known; // idempotent by (session, turn), as flow-runtime is
      const next: SessionTurn =
        digits === '1'
          ? {
              sessionId,
              turn: turn + 1,
              done: true,
              steps: [{ type: 'say', text: 'You are now online for 8 hours.' }, { type: 'hangup' }],
            }
          : { ...menu(turn + 1, [{ type: 'say', text: 'Sorry, that is not an option.' }]), sessionId };
      effects.set(key, next);
      return next;
    }),
  ];

  beforeAll(async () => {
    process.env.TWILIO_ACCOUNT_SID = PLATFORM_SID;
    process.env.TWILIO_AUTH_TOKEN = PLATFORM_TOKEN;
    process.env.PUBLIC_BASE_URL = PUBLIC;
    // Twilio's REST API: the tenant's own account owns the number it maps.
    twilioRest = await startTwilioRestDouble({ [TENANT_SID]: TENANT_TOKEN });
    twilioRest.ownNumbers(TENANT_SID, numbers.tenant);
    process.env.TWILIO_API_BASE_URL = twilioRest.url;
    process.env.DISPATCH_WEBHOOK_DEADLINE_MS = String(DEADLINE_MS);
    process.env.DISPATCH_MAX_WEBHOOKS_IN_FLIGHT = '2';
    flowRuntime = await startFakePeers(TEST_NATS_URL, peers());
    dispatch = await startTestApp(dispatchApp);
    await dispatch.app.listen(0, '127.0.0.1');
    serverUrl = (await dispatch.app.getUrl()).replace('[::1]', '127.0.0.1');

    const admin = (method: 'POST' | 'PUT', url: string, payload: object) =>
      dispatch.app.inject({
        method,
        url,
        payload,
        headers: { authorization: `Bearer ${dispatch.tokenFor(acme)}` },
      });
    await admin('PUT', '/v1/twilio-account', { accountSid: TENANT_SID, authToken: TENANT_TOKEN });
    for (const phoneNumber of [numbers.platform, numbers.inactive]) {
      const assigned = await dispatch.app.inject({
        method: 'POST',
        url: '/v1/contact-points',
        payload: { phoneNumber, tenantId: acme },
        headers: { authorization: `Bearer ${dispatch.platformToken()}` },
      });
      expect(assigned.statusCode).toBe(201);
    }
    for (const [name, phoneNumber, extra] of [
      ['Agents', numbers.platform, {}],
      ['Paused', numbers.inactive, { active: false }],
      ['Own account', numbers.tenant, { twilioAccount: 'tenant' }],
    ] as const) {
      const response = await admin('POST', '/v1/dispatch-mappings', {
        name,
        phoneNumber,
        flowId: 'flow-1',
        ...extra,
      });
      expect(response.statusCode).toBe(201);
    }
  });

  afterAll(async () => {
    await dispatch?.close();
    await flowRuntime?.close();
    await twilioRest?.close();
    process.env = saved;
  });

  beforeEach(() => {
    startMode = 'answer';
  });

  const simulator = (options: Partial<ConstructorParameters<typeof CallSimulator>[0]> = {}) =>
    new CallSimulator({
      serverUrl,
      publicBaseUrl: PUBLIC,
      authToken: PLATFORM_TOKEN,
      accountSid: PLATFORM_SID,
      ...options,
    });

  it("answers a call with the flow's first turn, keys barging into the menu, and goes on with the keys", async () => {
    const call = await simulator().dial({
      from: AGENT,
      to: numbers.platform,
      stirVerstat: 'TN-Validation-Passed-A',
    });

    expect(call.lastStatus).toBe(200);
    expect(call.lastContentType).toMatch(/^text\/xml/);
    expect(call.heard).toEqual([
      { kind: 'say', text: 'Welcome to the agent line.', voice: 'Polly.Joanna', language: 'en-US' },
      { kind: 'say', text: 'To go online for 8 hours, press 1.', voice: 'Polly.Joanna', language: 'en-US' },
    ]);
    const sessionId = sessions.get(call.callSid)!;
    expect(call.gather).toEqual({
      action: `${PUBLIC}/twilio/gather?session=${sessionId}&turn=0`,
      method: 'POST',
      numDigits: 1,
      timeout: 5,
      finishOnKey: '',
      actionOnEmptyResult: true,
    });
    expect(started.at(-1)).toEqual({
      callSid: call.callSid,
      from: AGENT,
      to: numbers.platform,
      stirVerstat: 'TN-Validation-Passed-A',
    });

    await call.press('1');

    expect(call.lastSaid).toBe('You are now online for 8 hours.');
    expect(call.ended).toBe(true);
    expect(inputs.at(-1)).toEqual({ sessionId, turn: 0, digits: '1' });
  });

  it('passes silence on as no digits, and the menu comes again with the next turn', async () => {
    const call = await simulator().dial({ from: AGENT, to: numbers.platform });
    const sessionId = sessions.get(call.callSid)!;

    await call.silence();

    expect(inputs.at(-1)).toEqual({ sessionId, turn: 0, digits: null });
    expect(call.lastSaid).toBe('Sorry, that is not an option. To go online for 8 hours, press 1.');
    expect(call.gather?.action).toBe(`${PUBLIC}/twilio/gather?session=${sessionId}&turn=1`);
  });

  it('answers a retried webhook with the same TwiML, and it has one effect', async () => {
    const call = await simulator().dial({ from: AGENT, to: numbers.platform });
    const first = call.lastTwiml;
    const retriedStart = await call.retryLast();
    expect(retriedStart).toEqual({ status: 200, twiml: first });

    await call.press('2');
    const answer = call.lastTwiml;
    const retriedKeys = await call.retryLast();

    expect(retriedKeys).toEqual({ status: 200, twiml: answer });
    const sessionId = sessions.get(call.callSid)!;
    expect(inputs.filter((i) => i.sessionId === sessionId)).toEqual([
      { sessionId, turn: 0, digits: '2' },
      { sessionId, turn: 0, digits: '2' },
    ]);
    expect(started.filter((s) => s.callSid === call.callSid)).toHaveLength(2);
    const db = new Client({ connectionString: dispatch.databaseUrl });
    await db.connect();
    const { rows } = await db.query('select session_id from dispatch.call where call_sid = $1', [
      call.callSid,
    ]);
    await db.end();
    expect(rows).toEqual([{ session_id: sessionId }]);
  });

  it('refuses a forged signature (403) and a missing one (400), with TwiML and without acting', async () => {
    const before = started.length;

    const forged = await simulator({ signature: 'forged' }).dial({ from: AGENT, to: numbers.platform });
    const missing = await simulator({ signature: 'missing' }).dial({ from: AGENT, to: numbers.platform });

    expect([forged.lastStatus, missing.lastStatus]).toEqual([403, 400]);
    expect(forged.lastTwiml).toContain('<Reject/>');
    expect(forged.lastContentType).toMatch(/^text\/xml/);
    expect(started.length).toBe(before);
  });

  it("verifies a tenant's own number with the tenant's Auth Token, not the platform's", async () => {
    const own = await simulator({ authToken: TENANT_TOKEN, accountSid: TENANT_SID }).dial({
      from: AGENT,
      to: numbers.tenant,
    });
    const platform = await simulator().dial({ from: AGENT, to: numbers.tenant });

    expect(own.lastStatus).toBe(200);
    expect(own.gather).not.toBeNull();
    expect(platform.lastStatus).toBe(403);
  });

  it.each([
    ['a number no mapping knows', numbers.unmapped],
    ['an inactive mapping', numbers.inactive],
  ])('tells a caller of %s that it is not in service, and hangs up', async (_case, to) => {
    const call = await simulator().dial({ from: AGENT, to });

    expect(call.lastStatus).toBe(200);
    expect(call.lastSaid).toBe('The number you have called is not in service.');
    expect(call.ended).toBe(true);
    expect(call.lastTwiml).toContain('<Hangup/>');
  });

  it('apologises within the deadline when flow-runtime is silent', async () => {
    startMode = 'hang';
    const began = Date.now();

    const call = await simulator().dial({ from: AGENT, to: numbers.platform });

    const took = Date.now() - began;
    expect(call.lastStatus).toBe(200);
    expect(call.lastSaid).toMatch(/^We are sorry/);
    expect(call.ended).toBe(true);
    expect(took).toBeGreaterThanOrEqual(DEADLINE_MS - 100);
    expect(took).toBeLessThan(DEADLINE_MS + 400);
  });

  it('apologises at once when flow-runtime is not there at all', async () => {
    await flowRuntime.close();
    try {
      const began = Date.now();
      const call = await simulator().dial({ from: AGENT, to: numbers.platform });
      expect(call.lastStatus).toBe(200);
      expect(call.lastSaid).toMatch(/^We are sorry/);
      expect(Date.now() - began).toBeLessThan(DEADLINE_MS);
    } finally {
      flowRuntime = await startFakePeersAgain();
    }
  });

  it('applies status callbacks in sequence order only, and keeps an ended call ended', async () => {
    const call = await simulator().dial({ from: AGENT, to: numbers.platform });
    expect(call.gather).not.toBeNull();
    const status = (s: string, seq: number) =>
      call.status('/twilio/status', s, { SequenceNumber: String(seq) });

    expect(await status('in-progress', 1)).toBe(200);
    await status('ringing', 0);
    await status('completed', 2);
    await status('in-progress', 3);

    const db = new Client({ connectionString: dispatch.databaseUrl });
    await db.connect();
    const { rows } = await db.query('select status, status_sequence from dispatch.call where call_sid = $1', [
      call.callSid,
    ]);
    await db.end();
    expect(rows).toEqual([{ status: 'completed', status_sequence: 2 }]);
  });

  it('counts what was not the flow, by route and outcome', async () => {
    const { body } = await dispatch.app.inject({ method: 'GET', url: '/metrics' });
    /** The value of a sample with these labels (in whatever order the registry writes them). */
    const sample = (name: string, labels: Record<string, string>) =>
      body
        .split('\n')
        .filter((line) => line.startsWith(`${name}{`))
        .filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
        .map((line) => Number(line.split(' ').at(-1)))[0] ?? 0;

    const fallbacks = 'tp_twilio_webhook_fallbacks_total';
    expect(sample(fallbacks, { route: 'voice', outcome: 'not-in-service' })).toBe(2);
    expect(sample(fallbacks, { route: 'voice', outcome: 'rejected-bad-signature' })).toBe(2);
    expect(sample(fallbacks, { route: 'voice', outcome: 'rejected-missing-signature' })).toBe(1);
    expect(sample(fallbacks, { route: 'voice', outcome: 'apology' })).toBe(2);
    expect(sample(fallbacks, { route: 'voice', outcome: 'ok' })).toBe(0);
    expect(
      sample('tp_twilio_webhook_duration_seconds_count', { route: 'gather', outcome: 'ok' }),
    ).toBeGreaterThan(0);
  });

  it('answers new calls with the apology at once while too many webhooks are in flight, and serves them again after', async () => {
    startMode = 'hang'; // flow-runtime takes each call and never answers: two calls fill the limit
    const before = started.length;
    const held = [
      simulator().dial({ from: AGENT, to: numbers.platform }),
      simulator().dial({ from: AGENT, to: numbers.platform }),
    ];
    await waitFor(() => started.length === before + 2, 2000, 'two calls in flight');

    const began = Date.now();
    const shed = await simulator().dial({ from: AGENT, to: numbers.platform });
    const took = Date.now() - began;

    expect(shed.lastStatus).toBe(200);
    expect(shed.lastSaid).toMatch(/^We are sorry/);
    expect(shed.ended).toBe(true);
    expect(took).toBeLessThan(DEADLINE_MS / 2); // not held until the deadline like the two
    expect(started).toHaveLength(before + 2); // flow-runtime never heard of it
    await Promise.all(held);

    startMode = 'answer';
    const served = await simulator().dial({ from: AGENT, to: numbers.platform });
    expect(served.gather).not.toBeNull();
    const { body } = await dispatch.app.inject({ method: 'GET', url: '/metrics' });
    expect(body).toMatch(
      /tp_twilio_webhook_fallbacks_total\{route="voice",outcome="overloaded",app="dispatch"\} 1/,
    );
  });

  /** The same stand-in again, after a test stopped it. */
  function startFakePeersAgain(): Promise<INestMicroservice> {
    return startFakePeers(TEST_NATS_URL, peers());
  }
});
