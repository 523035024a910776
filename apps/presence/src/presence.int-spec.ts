import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { randomUUID } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import {
  GetPresence,
  GetUserContact,
  GoOffline,
  GoOnline,
  MarkAvailable,
  MarkBusy,
  PRESENCE_KV_BUCKET,
  StartBreak,
  presenceKvKey,
  type PresenceEventDataV1,
  type PresenceKvEntry,
} from '@tp/contracts';
import { Clock } from '@tp/ddd';
import { callRpc, connectNats, RemoteError } from '@tp/platform';
import { FixedClock } from '@tp/fakes';
import {
  fakePeer,
  readStream,
  startFakePeers,
  startTestApp,
  TEST_NATS_URL,
  uniqueSuffix,
  waitFor,
  type TestApp,
} from '@tp/stack-harness';
import { presenceApp } from './presence.app';
import { PresenceKvProjector } from './infrastructure/messaging/presence-kv.projector';

const T0 = '2026-03-02T09:00:00.000Z';

describe('presence (real PostgreSQL and NATS)', () => {
  const clock = new FixedClock(T0);
  let stack: TestApp;
  let client: ClientProxy;
  let nc: NatsConnection;
  let tenant: string;

  const sweepInterval = process.env.PRESENCE_SWEEP_INTERVAL_MS;

  beforeAll(async () => {
    // The fixed clock jumps hours at once, which no sleep until the next expiry foresees: the
    // scheduler's safety interval, short here, notices.
    process.env.PRESENCE_SWEEP_INTERVAL_MS = '200';
    stack = await startTestApp(presenceApp, (b) => b.overrideProvider(Clock).useValue(clock));
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [TEST_NATS_URL] } });
    await client.connect();
    nc = await connectNats(TEST_NATS_URL, 'presence-int-spec');
  });

  beforeEach(() => {
    tenant = `t-${uniqueSuffix()}`;
    clock.set(T0);
  });

  afterAll(async () => {
    if (sweepInterval === undefined) delete process.env.PRESENCE_SWEEP_INTERVAL_MS;
    else process.env.PRESENCE_SWEEP_INTERVAL_MS = sweepInterval;
    await client?.close();
    await nc?.drain();
    await stack?.close();
  });

  const events = async (): Promise<(PresenceEventDataV1 & { type: string })[]> =>
    (await readStream(nc, 'PRESENCE_EVENTS', `presence.evt.${tenant}.>`))
      .filter(({ subject }) => !subject.endsWith('.agent-session-closed.v1')) // session records, not changes
      .map(({ event }) => ({
        type: event.type.replace('timedpresence.presence.', ''),
        ...(event.data as PresenceEventDataV1),
      }));

  const http = (method: 'GET' | 'POST', url: string, tenantId = tenant, payload?: object) =>
    stack.app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${stack.tokenFor(tenantId)}` },
    });

  /** The value of one series in the app's /metrics text (0 when absent). */
  const metric = async (series: string): Promise<number> => {
    const text = (await stack.app.inject({ method: 'GET', url: '/metrics' })).body;
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? 0 : Number(line.slice(series.length + 1));
  };

  it('tells /metrics how many agents are online and busy per tenant, and how late each expiry ran', async () => {
    const lateCount = 'tp_presence_expiry_lateness_seconds_count{app="presence"}';
    const lateSum = 'tp_presence_expiry_lateness_seconds_sum{app="presence"}';
    const [countBefore, sumBefore] = [await metric(lateCount), await metric(lateSum)];
    for (const agentId of ['ann', 'bob', 'cid'])
      await callRpc(client, GoOnline, { tenantId: tenant, agentId, hours: agentId === 'cid' ? 1 : 8 });
    await callRpc(client, MarkBusy, { tenantId: tenant, agentId: 'bob' });

    expect(await metric(`tp_presence_agents{tenant="${tenant}",state="online",app="presence"}`)).toBe(2);
    expect(await metric(`tp_presence_agents{tenant="${tenant}",state="busy",app="presence"}`)).toBe(1);

    clock.advanceBy(3_600_000 + 2_000); // cid's hour ran out 2 s ago (by the fixed clock the sweep reads)
    await waitFor(
      async () =>
        (await callRpc(client, GetPresence, { tenantId: tenant, agentId: 'cid' })).state === 'offline',
      10_000,
      'the expiry',
    );
    expect(await metric(`tp_presence_agents{tenant="${tenant}",state="online",app="presence"}`)).toBe(1);
    expect(await metric(lateCount)).toBe(countBefore + 1);
    expect(await metric(lateSum)).toBeCloseTo(sumBefore + 2, 5);
  });

  it('publishes exactly the events of online, change, busy, available, offline and expiry, in sequence order', async () => {
    await callRpc(client, GoOnline, {
      tenantId: tenant,
      agentId: 'ann',
      hours: 8,
      callSid: 'CA1',
      flowId: 'f-1',
    });
    clock.advanceHours(1);
    await callRpc(client, GoOnline, { tenantId: tenant, agentId: 'ann', hours: 24 });
    await callRpc(client, MarkBusy, { tenantId: tenant, agentId: 'ann' });
    await callRpc(client, MarkAvailable, { tenantId: tenant, agentId: 'ann' });
    await callRpc(client, GoOffline, { tenantId: tenant, agentId: 'ann', reason: 'agent-logoff' });
    await callRpc(client, GoOnline, { tenantId: tenant, agentId: 'ann', hours: 2 });
    clock.advanceHours(2);

    await waitFor(async () => (await events()).length === 7, 10_000, 'seven events');
    const seen = await events();

    expect(seen.map((e) => [e.type, e.sequence, e.state, e.reason])).toEqual([
      ['agent-went-online.v1', 1, 'online', 'login'],
      ['agent-presence-changed.v1', 2, 'online', 'changed'],
      ['agent-presence-changed.v1', 3, 'busy', 'call-started'],
      ['agent-presence-changed.v1', 4, 'online', 'call-ended'],
      ['agent-went-offline.v1', 5, 'offline', 'agent-logoff'],
      ['agent-went-online.v1', 6, 'online', 'login'],
      ['agent-went-offline.v1', 7, 'offline', 'expired'],
    ]);
    expect(seen[0].expiresAt).toBe('2026-03-02T17:00:00.000Z');
    expect(seen[1].expiresAt).toBe('2026-03-03T10:00:00.000Z');
    expect(seen[6]).toMatchObject({ expiresAt: null, occurredAt: '2026-03-02T12:00:00.000Z' });
  });

  it('keeps the current presence of each agent in the KV bucket, for a snapshot then a watch', async () => {
    await callRpc(client, GoOnline, { tenantId: tenant, agentId: 'bob', hours: 8 });
    await callRpc(client, MarkBusy, { tenantId: tenant, agentId: 'bob' });
    const kv = await new Kvm(nc).open(PRESENCE_KV_BUCKET);

    await waitFor(
      async () => (await kv.get(presenceKvKey(tenant, 'bob')))?.json<PresenceKvEntry>().sequence === 2,
    );

    expect((await kv.get(presenceKvKey(tenant, 'bob')))!.json<PresenceKvEntry>()).toEqual({
      tenantId: tenant,
      agentId: 'bob',
      state: 'busy',
      expiresAt: '2026-03-02T17:00:00.000Z',
      breakEndsAt: null,
      sequence: 2,
      reason: 'call-started',
      changedAt: T0,
    });
  });

  it('starts a timed break over NATS: on a break until then, the expiry kept, in the event and the KV entry', async () => {
    await callRpc(client, GoOnline, { tenantId: tenant, agentId: 'bea', hours: 8 });

    const view = await callRpc(client, StartBreak, { tenantId: tenant, agentId: 'bea', minutes: 15 });

    expect(view).toMatchObject({
      state: 'on-break',
      reason: 'break-started',
      expiresAt: '2026-03-02T17:00:00.000Z',
      breakEndsAt: '2026-03-02T09:15:00.000Z',
      sequence: 2,
    });
    const kv = await new Kvm(nc).open(PRESENCE_KV_BUCKET);
    await waitFor(
      async () => (await kv.get(presenceKvKey(tenant, 'bea')))?.json<PresenceKvEntry>().sequence === 2,
    );
    expect((await kv.get(presenceKvKey(tenant, 'bea')))!.json<PresenceKvEntry>()).toMatchObject({
      state: 'on-break',
      breakEndsAt: '2026-03-02T09:15:00.000Z',
    });
    await expect(
      callRpc(client, StartBreak, { tenantId: tenant, agentId: 'bea', minutes: 15 }),
    ).rejects.toMatchObject({ constructor: RemoteError, code: 'PRESENCE.BREAK_NOT_ALLOWED' });
  });

  it('applies an event seen twice, or late, once', async () => {
    await callRpc(client, GoOnline, { tenantId: tenant, agentId: 'cat', hours: 8 });
    await callRpc(client, GoOnline, { tenantId: tenant, agentId: 'cat', hours: 9 });
    await waitFor(async () => (await events()).length === 2);
    const [first, second] = (await readStream(nc, 'PRESENCE_EVENTS', `presence.evt.${tenant}.>`)).map(
      (m) => m.event,
    );
    const projector = stack.app.get(PresenceKvProjector);
    await waitFor(async () => {
      const entry = await (await new Kvm(nc).open(PRESENCE_KV_BUCKET)).get(presenceKvKey(tenant, 'cat'));
      return entry?.json<PresenceKvEntry>().sequence === 2;
    });

    expect(await projector.project(second)).toBe('stale');
    expect(await projector.project(first)).toBe('stale');
  });

  it('sets a busy agent whose hours ran out offline when the call ends', async () => {
    await callRpc(client, GoOnline, { tenantId: tenant, agentId: 'dan', hours: 1 });
    await callRpc(client, MarkBusy, { tenantId: tenant, agentId: 'dan' });
    clock.advanceHours(2);
    await waitFor(
      async () =>
        (await callRpc(client, GetPresence, { tenantId: tenant, agentId: 'dan' })).expiresWhenCallEnds,
      5000,
      'the scheduler to mark the busy agent',
    );
    expect((await callRpc(client, GetPresence, { tenantId: tenant, agentId: 'dan' })).state).toBe('busy');

    const after = await callRpc(client, MarkAvailable, { tenantId: tenant, agentId: 'dan' });

    expect(after).toMatchObject({ state: 'offline', reason: 'expired', sequence: 3, expiresAt: null });
  });

  it('refuses bad commands with coded errors', async () => {
    await expect(callRpc(client, MarkBusy, { tenantId: tenant, agentId: 'eve' })).rejects.toMatchObject({
      constructor: RemoteError,
      code: 'PRESENCE.AGENT_OFFLINE',
    });
    await expect(
      callRpc(client, GoOnline, { tenantId: tenant, agentId: 'eve', hours: 30, maxHours: 24 }),
    ).rejects.toMatchObject({ code: 'PRESENCE.HOURS_OUT_OF_RANGE' });
    const tooFar = new Date(clock.now().getTime() + 25 * 3_600_000).toISOString();
    await expect(
      callRpc(client, GoOnline, { tenantId: tenant, agentId: 'eve', until: tooFar, maxHours: 24 }),
    ).rejects.toMatchObject({ code: 'PRESENCE.UNTIL_OUT_OF_RANGE' });
  });

  it('goes online until an instant given instead of hours', async () => {
    const until = new Date(clock.now().getTime() + 90 * 60_000);

    const view = await callRpc(client, GoOnline, {
      tenantId: tenant,
      agentId: 'uma',
      until: until.toISOString(),
      maxHours: 2,
    });

    expect(view).toMatchObject({ state: 'online', expiresAt: until.toISOString(), reason: 'login' });
    expect(await callRpc(client, GetPresence, { tenantId: tenant, agentId: 'uma' })).toMatchObject({
      expiresAt: until.toISOString(),
    });
  });

  it('serialises concurrent changes of one agent: every sequence once, no gaps', async () => {
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        callRpc(client, GoOnline, { tenantId: tenant, agentId: 'fay', hours: i + 1 }),
      ),
    );

    expect(replies.map((r) => r.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 8 }, (_, i) => i + 1),
    );
    await waitFor(async () => (await events()).length === 8);
    expect((await events()).map((e) => e.sequence)).toEqual(Array.from({ length: 8 }, (_, i) => i + 1));
  });

  describe('admin API', () => {
    const [GUS, HAL, IDA, JAY, KIM] = Array.from({ length: 5 }, () => randomUUID());
    /** `tenant/agentId` of the users identity knows (its stand-in below answers from this). */
    const known = new Set<string>();
    let identity: INestMicroservice;

    beforeAll(async () => {
      identity = await startFakePeers(TEST_NATS_URL, [
        fakePeer(GetUserContact, ({ tenantId, userId }) =>
          known.has(`${tenantId}/${userId}`)
            ? { found: true as const, pstnNumbers: [] }
            : { found: false as const },
        ),
      ]);
    });

    afterAll(async () => {
      await identity?.close();
    });

    beforeEach(() => {
      for (const agent of [GUS, HAL, IDA, JAY, KIM]) known.add(`${tenant}/${agent}`);
    });

    it('lists who is online, shows presence and session history, and forces changes (reason admin)', async () => {
      await callRpc(client, GoOnline, {
        tenantId: tenant,
        agentId: GUS,
        hours: 8,
        callSid: 'CA9',
        flowId: 'f-9',
      });
      await callRpc(client, GoOnline, { tenantId: tenant, agentId: HAL, hours: 2 });
      clock.advanceHours(1);
      await callRpc(client, GoOnline, { tenantId: tenant, agentId: GUS, hours: 4 });

      const online = await http('GET', '/v1/presence/online?limit=10');
      expect(online.statusCode).toBe(200);
      expect(online.json()).toMatchObject({
        total: 2,
        items: [
          { agentId: HAL, expiresAt: '2026-03-02T11:00:00.000Z' },
          { agentId: GUS, expiresAt: '2026-03-02T14:00:00.000Z' },
        ],
      });

      const offline = await http('POST', `/v1/presence/agents/${GUS}/offline`);
      expect(offline.json()).toMatchObject({ state: 'offline', reason: 'admin', sequence: 3 });
      const forced = await http('POST', `/v1/presence/agents/${IDA}/online`, tenant, { hours: 3 });
      expect(forced.json()).toMatchObject({
        state: 'online',
        reason: 'admin',
        expiresAt: '2026-03-02T13:00:00.000Z',
      });

      const sessions = await http('GET', `/v1/presence/agents/${GUS}/sessions`);
      expect(sessions.json()).toMatchObject({
        total: 2,
        items: [
          { hours: 4, startReason: 'login', endReason: 'admin', endedAt: '2026-03-02T10:00:00.000Z' },
          {
            hours: 8,
            callSid: 'CA9',
            flowId: 'f-9',
            startedAt: T0,
            plannedEndAt: '2026-03-02T17:00:00.000Z',
            endedAt: '2026-03-02T10:00:00.000Z',
            endReason: 'replaced',
          },
        ],
      });
    });

    it("never shows or changes another tenant's agents", async () => {
      await callRpc(client, GoOnline, { tenantId: tenant, agentId: JAY, hours: 8 });
      const other = `t-${uniqueSuffix()}`;

      expect((await http('GET', '/v1/presence/online', other)).json()).toMatchObject({ total: 0, items: [] });
      expect((await http('GET', `/v1/presence/agents/${JAY}`, other)).json()).toMatchObject({
        state: 'offline',
        sequence: 0,
      });
      expect((await http('GET', `/v1/presence/agents/${JAY}/sessions`, other)).json()).toMatchObject({
        total: 0,
      });
      expect((await http('POST', `/v1/presence/agents/${JAY}/offline`, other)).json()).toMatchObject({
        state: 'offline',
        sequence: 0,
      });
      expect((await callRpc(client, GetPresence, { tenantId: tenant, agentId: JAY })).state).toBe('online');
    });

    it('forces online only an agent identity knows in the tenant; anyone else is 404 and nothing is published', async () => {
      const stranger = randomUUID();
      known.add(`other-tenant/${stranger}`);

      const unknown = await http('POST', `/v1/presence/agents/${randomUUID()}/online`, tenant, { hours: 1 });
      const elsewhere = await http('POST', `/v1/presence/agents/${stranger}/online`, tenant, { hours: 1 });

      expect([unknown.statusCode, elsewhere.statusCode]).toEqual([404, 404]);
      expect(unknown.json()).toMatchObject({ code: 'PRESENCE.AGENT_UNKNOWN' });
      expect((await http('GET', `/v1/presence/agents/${stranger}`)).json()).toMatchObject({ sequence: 0 });
      await new Promise((r) => setTimeout(r, 300)); // an event, had there been one, would be relayed by now
      expect(await events()).toEqual([]);
    });

    it('refuses a malformed agent id and unknown body fields with a 400 naming them', async () => {
      const malformed = await http('POST', '/v1/presence/agents/not-a-uuid/online', tenant, { hours: 1 });
      const extra = await http('POST', `/v1/presence/agents/${KIM}/online`, tenant, {
        hours: 1,
        expiresAt: '2030-01-01T00:00:00Z',
        tenantId: 'other',
      });

      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().errors).toEqual([{ field: 'agentId', reason: expect.any(String) }]);
      expect(extra.statusCode).toBe(400);
      expect(extra.json().errors).toEqual([
        { field: '(body)', reason: expect.stringMatching(/expiresAt.*tenantId/) },
      ]);
      expect((await http('GET', `/v1/presence/agents/${KIM}`)).json()).toMatchObject({ sequence: 0 });
    });

    it('answers 401 without a credential and 400 naming the field for bad input', async () => {
      const anonymous = await stack.app.inject({ method: 'GET', url: '/v1/presence/online' });
      const badHours = await http('POST', `/v1/presence/agents/${KIM}/online`, tenant, { hours: 100 });
      const badId = await http('GET', '/v1/presence/agents/not.an.id');
      const badPage = await http('GET', '/v1/presence/online?limit=500');

      expect(anonymous.statusCode).toBe(401);
      expect(badHours.statusCode).toBe(400);
      expect(badHours.json().errors).toEqual([{ field: 'hours', reason: expect.any(String) }]);
      expect(badId.statusCode).toBe(400);
      expect(badPage.json().errors).toEqual([{ field: 'limit', reason: expect.any(String) }]);
    });
  });
});
