import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import {
  AgentSessionClosedV1,
  eventStreamName,
  eventWildcard,
  GoOnline,
  makeCloudEvent,
  MarkAvailable,
  MarkBusy,
  StartBreak,
  OfferAcceptedV1,
  OfferMadeV1,
  OfferMissedV1,
  type CloudEvent,
  type EventContract,
  type OfferEventDataV1,
} from '@tp/contracts';
import { Clock } from '@tp/ddd';
import { FixedClock } from '@tp/fakes';
import { callRpc, connectNats, ensureStream, TransientError } from '@tp/platform';
import {
  readStream,
  startTestApp,
  TEST_NATS_URL,
  uniqueSuffix,
  waitFor,
  type TestApp,
} from '@tp/stack-harness';
import { SessionProjector } from '../infrastructure/messaging/session.projector';
import { presenceApp } from '../presence.app';
import { SESSION_CSV_COLUMNS } from './sessions.csv';

const T0 = Date.parse('2031-03-04T08:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const iso = (minutes: number) => at(minutes).toISOString();

interface Page {
  items: Record<string, unknown>[];
  nextCursor: string | null;
}

/**
 * Per-session records on the real PostgreSQL and NATS: presence is driven through its own commands
 * and expiry scheduler, and dispatch's offer events are published on DISPATCH_EVENTS as dispatch
 * publishes them (this file's own NATS server, as every test file has).
 */
describe('presence: per-session records (GET /v1/presence/sessions)', () => {
  const suffix = uniqueSuffix();
  const tenant = `sess-${suffix}`;
  const other = `sess-other-${suffix}`;
  const [ADA, BOB, OLGA] = Array.from({ length: 3 }, () => randomUUID());
  const clock = new FixedClock(at(0));
  const sweepInterval = process.env.PRESENCE_SWEEP_INTERVAL_MS;
  let presence: TestApp;
  let client: ClientProxy;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    // The fixed clock jumps to the expiry at once; the scheduler's short safety interval notices.
    process.env.PRESENCE_SWEEP_INTERVAL_MS = '200';
    nc = await connectNats(TEST_NATS_URL, `presence-sessions-test-${suffix}`);
    js = jetstream(nc);
    jsm = await jetstreamManager(nc);
    // The stream dispatch creates; presence only follows it.
    await ensureStream(jsm, { name: eventStreamName('dispatch'), subjects: [eventWildcard('dispatch')] });
    presence = await startTestApp(presenceApp, (b) => b.overrideProvider(Clock).useValue(clock));
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [TEST_NATS_URL] } });
    await client.connect();
  });

  afterAll(async () => {
    if (sweepInterval === undefined) delete process.env.PRESENCE_SWEEP_INTERVAL_MS;
    else process.env.PRESENCE_SWEEP_INTERVAL_MS = sweepInterval;
    await client?.close();
    await presence?.close();
    await nc?.drain();
  });

  const get = (url: string, tenantId = tenant) =>
    presence.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${presence.tokenFor(tenantId)}` },
    });
  const page = async (query = '', tenantId = tenant): Promise<Page> => {
    const response = await get(`/v1/presence/sessions${query}`, tenantId);
    expect(response.statusCode).toBe(200);
    return response.json<Page>();
  };
  const adaSession = async () => (await page(`?agentId=${ADA}`)).items[0];

  /** Publishes a dispatch event as dispatch's outbox relay does (Nats-Msg-Id = CloudEvents id). */
  async function publish<T>(contract: EventContract<T>, data: T, id = randomUUID(), msgId = id) {
    const event = makeCloudEvent(contract, {
      id,
      source: 'timed-presence/dispatch',
      time: new Date(),
      subject: (data as { callSid: string }).callSid,
      data,
    });
    await js.publish(contract.subjectFor(tenant), JSON.stringify(event), { msgID: msgId });
    return id;
  }
  const offer = (attempt: number, minutes: number): OfferEventDataV1 => ({
    tenantId: tenant,
    callSid: `CA${randomUUID().replace(/-/g, '')}`,
    waitingCallId: randomUUID(),
    sessionId: randomUUID(),
    queueNodeId: 'queue-1',
    queueName: 'Support',
    occurredAt: iso(minutes),
    offerId: randomUUID(),
    agentId: ADA,
    attempt,
  });

  it('The session record of a day with a login, a break, two offers (one missed) and an expiry is exact in the API and the CSV, and the closing event is on the stream', async () => {
    await callRpc(client, GoOnline, { tenantId: tenant, agentId: ADA, hours: 8, via: 'ivr-preset' });
    await waitFor(async () => (await adaSession()) !== undefined, 10_000, 'the session to open');

    // First offer, missed (no answer); its missed event comes twice, as a redelivery would.
    const first = offer(1, 60);
    await publish(OfferMadeV1, first);
    const missed = await publish(OfferMissedV1, { ...first, occurredAt: iso(61), reason: 'no-answer' });
    await publish(
      OfferMissedV1,
      { ...first, occurredAt: iso(61), reason: 'no-answer' },
      missed,
      randomUUID(),
    );
    // A break of 15 minutes at 1:30 (by phone, key 6); the scheduler ends it at 1:45.
    clock.set(at(90));
    await callRpc(client, StartBreak, { tenantId: tenant, agentId: ADA, minutes: 15 });
    clock.set(at(105));
    await waitFor(
      async () => ((await adaSession())?.breaks as { seconds: number } | undefined)?.seconds === 15 * 60,
      10_000,
      'the break to end and be counted',
    );
    // Second offer, accepted: a call of 12 minutes.
    const second = offer(1, 120);
    await publish(OfferMadeV1, second);
    await publish(OfferAcceptedV1, { ...second, occurredAt: iso(121) });
    clock.set(at(121));
    await callRpc(client, MarkBusy, { tenantId: tenant, agentId: ADA });
    clock.set(at(133));
    await callRpc(client, MarkAvailable, { tenantId: tenant, agentId: ADA });
    await waitFor(
      async () => {
        const s = await adaSession();
        return (
          s?.calls === 1 &&
          (s.offers as { made: number; missed: number }).missed === 1 &&
          (s.offers as { made: number }).made === 2
        );
      },
      10_000,
      'the offers and the call to be counted',
    );

    // The hours run out: the expiry scheduler sets Ada offline.
    clock.set(at(480));
    await waitFor(async () => (await adaSession())?.endedAt !== null, 10_000, 'the session to end');

    const record = await adaSession();
    expect(record).toEqual({
      agentId: ADA,
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      startedAt: iso(0),
      via: 'ivr-preset',
      firstPlannedEndAt: iso(480),
      plannedEndAt: iso(480),
      endedAt: iso(480),
      endReason: 'expired',
      breaks: { count: 1, seconds: 15 * 60 },
      offers: { made: 2, accepted: 1, missed: 1, missedByReason: { 'no-answer': 1 } },
      calls: 1,
      talkSeconds: 12 * 60,
    });

    const csv = await get(`/v1/presence/sessions?agentId=${ADA}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(SESSION_CSV_COLUMNS.join(','));
    expect(Object.fromEntries(SESSION_CSV_COLUMNS.map((c, i) => [c, lines[1].split(',')[i]]))).toEqual({
      session_id: record.sessionId,
      agent_id: ADA,
      started_at: iso(0),
      via: 'ivr-preset',
      first_planned_end_at: iso(480),
      planned_end_at: iso(480),
      ended_at: iso(480),
      end_reason: 'expired',
      break_count: '1',
      break_seconds: '900',
      offers_made: '2',
      offers_accepted: '1',
      offers_missed: '1',
      missed_no_answer: '1',
      missed_busy: '0',
      missed_failed: '0',
      missed_canceled: '0',
      missed_declined: '0',
      missed_no_key: '0',
      missed_hung_up: '0',
      missed_caller_gone: '0',
      missed_timed_out: '0',
      missed_not_placed: '0',
      calls: '1',
      talk_seconds: '720',
    });
    expect(lines[2]).toBe('');

    let closed: { subject: string; data: unknown }[] = [];
    await waitFor(
      async () => {
        closed = (
          await readStream(nc, eventStreamName('presence'), AgentSessionClosedV1.subjectFor(tenant))
        ).map(({ subject, event }) => ({ subject, data: event.data }));
        return closed.length > 0;
      },
      10_000,
      'the closing event on the stream',
    );
    expect(closed).toEqual([
      { subject: `presence.evt.${tenant}.agent-session-closed.v1`, data: { tenantId: tenant, ...record } },
    ]);
  });

  it("pages newest first with a cursor, filters by agent and time, and never returns another tenant's sessions", async () => {
    clock.set(at(600));
    await callRpc(client, GoOnline, { tenantId: tenant, agentId: BOB, hours: 2, reason: 'admin' });
    await callRpc(client, GoOnline, { tenantId: other, agentId: OLGA, hours: 2 });
    await waitFor(async () => (await page()).items.length === 2, 10_000, "Bob's session");
    await waitFor(async () => (await page('', other)).items.length === 1, 10_000, "Olga's session");

    const one = await page('?limit=1');
    expect(one.items.map((s) => [s.agentId, s.via, s.endedAt])).toEqual([[BOB, 'admin', null]]);
    expect(one.nextCursor).toEqual(expect.any(String));
    const two = await page(`?limit=1&cursor=${one.nextCursor}`);
    expect(two.items.map((s) => s.agentId)).toEqual([ADA]);
    expect(two.nextCursor).toBeNull();

    expect((await page(`?from=${iso(1)}&to=${iso(601)}`)).items.map((s) => s.agentId)).toEqual([BOB]);
    expect((await page(`?to=${iso(600)}`)).items.map((s) => s.agentId)).toEqual([ADA]);
    // Another tenant's agent, asked by id: nothing, in JSON and CSV.
    expect((await page(`?agentId=${OLGA}`)).items).toEqual([]);
    expect((await get(`/v1/presence/sessions?agentId=${OLGA}&format=csv`)).body.split('\r\n')).toEqual([
      SESSION_CSV_COLUMNS.join(','),
      '',
    ]);
    expect((await page('', other)).items.map((s) => s.agentId)).toEqual([OLGA]);
  });

  it("applies presence events in each agent's order: a duplicate is dropped, one ahead of a gap waits; breaks count", async () => {
    // Straight to the projector, not onto the shared stream: other apps there do not know breaks yet.
    const projector = presence.app.get(SessionProjector);
    const CY = randomUUID();
    const event = (noun: string, sequence: number, minutes: number, fields: Record<string, unknown>) =>
      ({
        specversion: '1.0',
        id: randomUUID(),
        source: 'timed-presence/presence',
        type: `timedpresence.presence.${noun}.v1`,
        time: iso(minutes),
        subject: CY,
        datacontenttype: 'application/json',
        data: {
          tenantId: tenant,
          agentId: CY,
          expiresAt: iso(1200),
          sequence,
          occurredAt: iso(minutes),
          ...fields,
        },
      }) as CloudEvent;
    // The break events as the break feature publishes them.
    const login = event('agent-went-online', 1, 700, {
      state: 'online',
      reason: 'login',
      via: 'ivr-custom-hours',
    });
    const breakStarted = event('agent-presence-changed', 2, 715, {
      state: 'on-break',
      reason: 'break-started',
      breakEndsAt: iso(730),
    });
    const breakEnded = event('agent-presence-changed', 3, 730, {
      state: 'online',
      reason: 'break-ended',
      breakEndsAt: null,
    });
    const logoff = event('agent-went-offline', 4, 760, {
      state: 'offline',
      reason: 'agent-logoff',
      expiresAt: null,
    });

    expect(await projector.projectPresence(login)).toBe('opened');
    await expect(projector.projectPresence(breakEnded)).rejects.toBeInstanceOf(TransientError);
    expect(await projector.projectPresence(breakStarted)).toBe('applied');
    expect(await projector.projectPresence(breakStarted)).toBe('stale');
    expect(await projector.projectPresence(breakEnded)).toBe('applied');
    expect(await projector.projectPresence(logoff)).toBe('closed');
    expect(await projector.projectPresence(login)).toBe('stale');

    expect((await page(`?agentId=${CY}`)).items).toEqual([
      expect.objectContaining({
        via: 'ivr-custom-hours',
        startedAt: iso(700),
        endedAt: iso(760),
        endReason: 'agent-logoff',
        breaks: { count: 1, seconds: 15 * 60 },
      }),
    ]);
  });

  it.each([
    ['?agentId=ada', 'agentId'],
    ['?from=yesterday', 'from'],
    [`?from=${iso(10)}&to=${iso(5)}`, 'to'],
    ['?limit=0', 'limit'],
    ['?limit=501', 'limit'],
    ['?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['?format=xml', 'format'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const response = await get(`/v1/presence/sessions${query}`);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, errors: [expect.objectContaining({ field })] });
  });

  it('answers 401 without a credential', async () => {
    expect((await presence.app.inject({ method: 'GET', url: '/v1/presence/sessions' })).statusCode).toBe(401);
  });
});
