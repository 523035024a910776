import { randomBytes } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import {
  GetFlow,
  GetPresence,
  GetUserContact,
  GoOffline,
  MarkAvailable,
  MarkBusy,
  SessionQueueResult,
  StartSession,
  type PresenceView,
  type SessionTurn,
} from '@tp/contracts';
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
import {
  startTwilioRestDouble,
  TwilioNetwork,
  type CustomerCall,
  type TwilioRestDouble,
} from '@tp/twilio-simulator';
import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats } from '@tp/platform';
import { Client } from 'pg';
import { RoutingQueue, type Offer } from '../application/ports/routing-queue.port';
import { WaitDeadlines, type DueDequeue } from '../application/ports/wait-deadlines.port';
import { dispatchApp } from '../../dispatch.app';

const PUBLIC = 'https://voice.example.test/dispatch';
const PLATFORM_SID = 'AC22222222222222222222222222222222';
const PLATFORM_TOKEN = 'platform-auth-token-routing';
const SUPPORT = '+14155550300';
/** A number of the tenant's own Twilio account. */
const OWN_NUMBER = '+14155550301';
const TENANT_SID = 'AC33333333333333333333333333333333';
const TENANT_TOKEN = '33333333333333333333333333333333';
const MAX_WAIT_S = 5;

/**
 * Offers end to end inside dispatch (Fastify on a port, the real PostgreSQL and NATS): customers'
 * calls through the Twilio network of the tests (the wait URL followed, agent legs placed through
 * the REST double ringing scripted phones, signed status callbacks), with stand-ins for
 * flow-runtime (a customer flow whose first turn queues the caller), identity (agents' numbers) and
 * presence (what dispatch tells it). Agents are written into routing's read model directly; the
 * read model's consumers have tests of their own.
 */
describe('dispatch: routing customer calls to agents', () => {
  const suffix = uniqueSuffix();
  const tenant = `rt-${suffix}`;
  const saved = { ...process.env };
  let dispatch: TestApp;
  let peers: INestMicroservice;
  let rest: TwilioRestDouble;
  let network: TwilioNetwork;
  let pg: Client;
  let nc: NatsConnection;
  const phones = new Map<string, string>();
  const told: { command: string; agentId: string; reason?: string }[] = [];
  const results: { sessionId: string; turn: number; outcome: string }[] = [];
  let expiresWhenCallEnds = new Set<string>();
  let presenceSilentOnce = false;

  const view = (agentId: string, state: PresenceView['state']): PresenceView => ({
    tenantId: tenant,
    agentId,
    state,
    breakEndsAt: null,
    expiresAt: null,
    sequence: 1,
    reason: null,
    changedAt: null,
    expiresWhenCallEnds: expiresWhenCallEnds.has(agentId),
  });

  const queueTurn = (sessionId: string, skills: string[]): SessionTurn => ({
    sessionId,
    turn: 0,
    done: false,
    steps: [
      { type: 'say', text: 'Thanks for calling.' },
      {
        type: 'enqueue',
        queueNodeId: 'queue',
        queueName: 'Support',
        requiredSkills: skills,
        priority: 5,
        maxWaitS: MAX_WAIT_S,
        hold: [{ type: 'say', text: 'Please hold.' }],
      },
    ],
  });

  /** Skills per caller, told by the caller id (`+1415555099<n>` needs skill set n). */
  const SKILLS: Record<string, string[]> = { '0': [], '1': ['support'], '2': ['billing'] };

  beforeAll(async () => {
    rest = await startTwilioRestDouble({ [PLATFORM_SID]: PLATFORM_TOKEN, [TENANT_SID]: TENANT_TOKEN });
    process.env.TWILIO_ACCOUNT_SID = PLATFORM_SID;
    process.env.TWILIO_AUTH_TOKEN = PLATFORM_TOKEN;
    process.env.TWILIO_API_BASE_URL = rest.url;
    process.env.PUBLIC_BASE_URL = PUBLIC;
    process.env.DISPATCH_RING_TIMEOUT_SECONDS = '5';
    process.env.DISPATCH_WRAP_UP_SECONDS = '1';
    process.env.DISPATCH_ROUTING_TICK_MS = '200';
    // Longer than any wait below: an idle ticker must be woken by the queued call, not by its clock.
    process.env.DISPATCH_ROUTING_IDLE_TICK_MS = '60000';
    process.env.DISPATCH_ROUTING_EXPIRY_MARGIN_MINUTES = '0';
    peers = await startFakePeers(TEST_NATS_URL, [
      fakePeer(GetFlow, ({ flowId }) => ({
        found: true as const,
        flowId,
        name: 'Support',
        type: 'customer',
        publishedVersion: 1,
      })),
      fakePeer(StartSession, ({ callSid, from }) =>
        queueTurn(`s-${callSid.slice(2, 14)}`, SKILLS[from.slice(-1)] ?? []),
      ),
      fakePeer(SessionQueueResult, ({ sessionId, turn, outcome }) => {
        results.push({ sessionId, turn, outcome });
        const text =
          outcome === 'timeout'
            ? 'Sorry, no agent is available. Goodbye.'
            : outcome === 'answered'
              ? 'Thank you for calling. Goodbye.'
              : 'Goodbye.';
        const next: SessionTurn = {
          sessionId,
          turn: turn + 1,
          done: true,
          steps: [{ type: 'say', text }, { type: 'hangup' }],
        };
        return next;
      }),
      fakePeer(GetUserContact, ({ userId }) =>
        phones.has(userId)
          ? { found: true as const, pstnNumbers: [phones.get(userId)!] }
          : { found: false as const },
      ),
      fakePeer(MarkBusy, ({ agentId }) => {
        told.push({ command: 'mark-busy', agentId });
        return view(agentId, 'busy');
      }),
      fakePeer(MarkAvailable, ({ agentId }) => {
        told.push({ command: 'mark-available', agentId });
        return view(agentId, 'online');
      }),
      fakePeer(GoOffline, ({ agentId, reason }) => {
        told.push({ command: 'go-offline', agentId, reason });
        if (presenceSilentOnce) {
          presenceSilentOnce = false;
          return new Promise<never>(() => undefined); // no answer: dispatch's request times out
        }
        return view(agentId, 'offline');
      }),
      fakePeer(GetPresence, ({ agentId }) => view(agentId, 'busy')),
    ]);
    dispatch = await startTestApp(dispatchApp);
    await dispatch.app.listen(0, '127.0.0.1');
    const serverUrl = (await dispatch.app.getUrl()).replace('[::1]', '127.0.0.1');
    pg = new Client({ connectionString: dispatch.databaseUrl });
    await pg.connect();
    nc = await connectNats(TEST_NATS_URL, 'routing-offers-test');
    const assigned = await dispatch.app.inject({
      method: 'POST',
      url: '/v1/contact-points',
      payload: { phoneNumber: SUPPORT, tenantId: tenant },
      headers: { authorization: `Bearer ${dispatch.platformToken()}` },
    });
    expect(assigned.statusCode).toBe(201);
    rest.ownNumbers(TENANT_SID, OWN_NUMBER);
    const created = await dispatch.app.inject({
      method: 'POST',
      url: '/v1/dispatch-mappings',
      payload: { name: 'Support', phoneNumber: SUPPORT, flowId: 'flow-support' },
      headers: { authorization: `Bearer ${dispatch.tokenFor(tenant)}` },
    });
    expect(created.statusCode).toBe(201);
    const account = await dispatch.app.inject({
      method: 'PUT',
      url: '/v1/twilio-account',
      payload: { accountSid: TENANT_SID, authToken: TENANT_TOKEN },
      headers: { authorization: `Bearer ${dispatch.tokenFor(tenant)}` },
    });
    expect(account.statusCode).toBe(200);
    const own = await dispatch.app.inject({
      method: 'POST',
      url: '/v1/dispatch-mappings',
      payload: { name: 'Own', phoneNumber: OWN_NUMBER, flowId: 'flow-own', twilioAccount: 'tenant' },
      headers: { authorization: `Bearer ${dispatch.tokenFor(tenant)}` },
    });
    expect(own.statusCode).toBe(201);
    network = new TwilioNetwork({
      serverUrl,
      publicBaseUrl: PUBLIC,
      authToken: PLATFORM_TOKEN,
      accountSid: PLATFORM_SID,
      rest,
      holdMs: 100,
    });
  });

  afterAll(async () => {
    network?.close();
    await nc?.drain();
    await pg?.end();
    await dispatch?.close();
    await peers?.close();
    await rest?.close();
    process.env = saved;
  });

  afterEach(async () => {
    // Every test starts with nobody online and no call waiting.
    await pg.query(`update dispatch.routing_agent set state = 'offline'`);
    await pg.query(
      `update dispatch.waiting_call set status = 'left' where status in ('waiting', 'offering')`,
    );
    expect(network.errors).toEqual([]);
  });

  let agentCount = 0;
  /** An online agent in routing's read model, idle since `idleMinutes` ago, with a phone of their own. */
  async function onlineAgent(skills: string[], idleMinutes = 10): Promise<{ id: string; phone: string }> {
    agentCount += 1;
    const id = `agent-${agentCount}`;
    const phone = `+1415555${String(1000 + agentCount)}`;
    phones.set(id, phone);
    await pg.query(
      `insert into dispatch.routing_agent (tenant_id, agent_id, state, expires_at, presence_sequence, skills,
         skills_version, status, status_version, idle_since, reserved_until, reservation_id, reservation_call,
         consecutive_misses, updated_at)
       values ($1, $2, 'online', now() + interval '8 hours', 1, $3, 1, 'active', 1,
               now() - make_interval(mins => $4), null, null, null, 0, now())`,
      [tenant, id, skills.map((s) => s.toLowerCase()), idleMinutes],
    );
    return { id, phone };
  }

  const caller = (skillSet: '0' | '1' | '2') => network.dial({ from: `+1415555099${skillSet}`, to: SUPPORT });

  /** The routing events of one call, as `<noun>` or `<noun>:<reason>`, in the order published. */
  async function eventsOf(callSid: string): Promise<string[]> {
    const events = await readStream(nc, 'DISPATCH_EVENTS', `dispatch.evt.${tenant}.>`);
    return events
      .filter((e) => e.event.subject === callSid)
      .map((e) => {
        const noun = e.subject.split('.')[3];
        const reason = (e.event.data as { reason?: string }).reason;
        return reason ? `${noun}:${reason}` : noun;
      });
  }

  async function bridged(customer: CustomerCall): Promise<void> {
    await waitFor(() => customer.state === 'bridged', 10_000, 'the caller bridged to an agent');
  }

  it('the one eligible agent presses 1 and is bridged; after the call and the wrap-up they are free', async () => {
    const ada = await onlineAgent(['Support']);
    network.phone(ada.phone, 'accept');

    const customer = await caller('1');
    expect(customer.call.lastSaid).toBe('Thanks for calling.');
    expect(customer.call.enqueued?.queue).toBe(`tp-${customer.callSid}`);
    await bridged(customer);

    const [leg] = network.legsTo(ada.phone);
    expect(leg.from).toBe(SUPPORT);
    expect(leg.placed.params.Timeout).toBe('5');
    expect(leg.said).toBe('A call from the Support queue. Press 1 to accept.');
    expect(customer.agent).toBe(leg);
    await waitFor(() => told.some((t) => t.command === 'mark-busy' && t.agentId === ada.id));

    await network.agentHangsUp(leg);
    expect(customer.queueResults).toEqual(['bridged']);
    expect(customer.call.lastSaid).toBe('Thank you for calling. Goodbye.');
    expect(customer.call.ended).toBe(true);
    expect(results.at(-1)).toMatchObject({ turn: 0, outcome: 'answered' });
    await waitFor(() => told.some((t) => t.command === 'mark-available' && t.agentId === ada.id), 5000);
  });

  it('tells /metrics the calls waiting per tenant and the longest wait, and counts offers and misses by event', async () => {
    /** The value of one series in dispatch's /metrics text (0 when absent). */
    const metric = async (series: string): Promise<number> => {
      const text = (await dispatch.app.inject({ method: 'GET', url: '/metrics' })).body;
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? 0 : Number(line.slice(series.length + 1));
    };
    const made = `tp_events_published_total{type="timedpresence.dispatch.offer-made.v1",tenant="${tenant}",app="dispatch"}`;
    const missed = `tp_events_published_total{type="timedpresence.dispatch.offer-missed.v1",tenant="${tenant}",app="dispatch"}`;
    const [madeBefore, missedBefore] = [await metric(made), await metric(missed)];
    const chosen = async () =>
      (await metric('tp_routing_choices_total{by="copy",app="dispatch"}')) +
      (await metric('tp_routing_choices_total{by="sql",app="dispatch"}'));
    const chosenBefore = await chosen();
    expect(await metric('tp_routing_copy_available{app="dispatch"}')).toBe(1);

    const customer = await caller('2'); // billing: nobody online has it
    await waitFor(() => customer.waitRequests >= 1, 5000, 'the caller waiting');
    await new Promise((r) => setTimeout(r, 1100)); // a snapshot of the gauges lives 1 s

    expect(await metric(`tp_routing_waiting_calls{tenant="${tenant}",app="dispatch"}`)).toBe(1);
    expect(
      await metric(`tp_routing_longest_wait_seconds{tenant="${tenant}",app="dispatch"}`),
    ).toBeGreaterThan(0);

    const first = await onlineAgent(['billing'], 30);
    const second = await onlineAgent(['billing'], 10);
    network.phone(first.phone, 'no-answer');
    network.phone(second.phone, 'accept');
    await bridged(customer);
    await waitFor(async () => (await metric(made)) === madeBefore + 2, 5000, 'two offers counted');
    expect(await metric(missed)).toBe(missedBefore + 1);
    expect(await chosen()).toBeGreaterThanOrEqual(chosenBefore + 2); // every reservation is counted
    await network.agentHangsUp(customer.agent!);
  });

  it('never offers a call to an agent who lacks the skill; a caller waits and hears the place in line', async () => {
    const billing = await onlineAgent(['billing'], 60);
    network.phone(billing.phone, 'accept');

    const customer = await caller('1');
    await waitFor(() => customer.waitRequests >= 2, 5000, 'the wait URL asked twice');
    expect(customer.heardWaiting.slice(0, 2)).toEqual(['You are number 1 in line.', 'Please hold.']);
    expect(network.legsTo(billing.phone)).toHaveLength(0);

    const support = await onlineAgent(['support']);
    network.phone(support.phone, 'accept');
    await bridged(customer);
    expect(network.legsTo(billing.phone)).toHaveLength(0);
    await network.agentHangsUp(customer.agent!);
  });

  it('a miss (no answer) goes to the next agent; a voicemail pickup is a miss too', async () => {
    const first = await onlineAgent([], 30);
    const second = await onlineAgent([], 20);
    const third = await onlineAgent([], 10);
    network.phone(first.phone, 'no-answer');
    network.phone(second.phone, 'voicemail');
    network.phone(third.phone, 'accept');

    const customer = await caller('0');
    await bridged(customer);

    expect(network.legsTo(first.phone).map((l) => l.statuses.map((s) => s.status))).toEqual([
      ['initiated', 'ringing', 'no-answer'],
    ]);
    const voicemail = network.legsTo(second.phone)[0];
    expect(voicemail.said).toBe('A call from the Support queue. Press 1 to accept. Goodbye.');
    expect(customer.agent!.to).toBe(third.phone);
    const offers = await pg.query<{
      agent_id: string;
      status: string;
      miss_reason: string | null;
      attempt: number;
    }>(
      `select o.agent_id, o.status, o.miss_reason, o.attempt from dispatch.offer o
         join dispatch.waiting_call w on w.id = o.waiting_call_id where w.call_sid = $1 order by o.attempt`,
      [customer.callSid],
    );
    expect(offers.rows).toEqual([
      { agent_id: first.id, status: 'missed', miss_reason: 'no-answer', attempt: 1 },
      { agent_id: second.id, status: 'missed', miss_reason: 'no-key', attempt: 2 },
      { agent_id: third.id, status: 'accepted', miss_reason: null, attempt: 3 },
    ]);
    await waitFor(async () => (await eventsOf(customer.callSid)).length === 7, 5000, 'seven events');
    expect(await eventsOf(customer.callSid)).toEqual([
      'offer-made',
      'offer-missed:no-answer',
      'offer-made',
      'offer-missed:no-key',
      'offer-made',
      'offer-accepted',
      'call-answered',
    ]);
    await network.agentHangsUp(customer.agent!);
  });

  it('an agent with no number, or a call Twilio refuses, is a failed offer; the next agent gets the call', async () => {
    const unknown = await onlineAgent([], 50);
    phones.delete(unknown.id); // identity knows no PSTN number of theirs
    const refused = await onlineAgent([], 40);
    const good = await onlineAgent([], 30);
    network.phone(good.phone, 'accept');
    rest.failNext(400, 21211, "The 'To' number is not a valid phone number.");

    const customer = await caller('0');
    await bridged(customer);

    expect(customer.agent!.to).toBe(good.phone);
    const offers = await pg.query<{ agent_id: string; status: string; miss_reason: string | null }>(
      `select o.agent_id, o.status, o.miss_reason from dispatch.offer o
         join dispatch.waiting_call w on w.id = o.waiting_call_id where w.call_sid = $1 order by o.attempt`,
      [customer.callSid],
    );
    expect(offers.rows).toEqual([
      { agent_id: unknown.id, status: 'missed', miss_reason: 'failed' },
      { agent_id: refused.id, status: 'missed', miss_reason: 'failed' },
      { agent_id: good.id, status: 'accepted', miss_reason: null },
    ]);
    await network.agentHangsUp(customer.agent!);
  });

  it('Twilio failing (5xx) is an offer not placed, not held against the agent, who is offered the call again on the next tick', async () => {
    const first = await onlineAgent([], 50);
    await onlineAgent([], 30);
    network.phone(first.phone, 'accept');
    rest.failNext(503, 20500, 'Service unavailable');

    const customer = await caller('0');
    await bridged(customer);

    expect(customer.agent!.to).toBe(first.phone);
    const offers = await pg.query(
      `select o.miss_reason, o.status, a.consecutive_misses from dispatch.offer o
         join dispatch.routing_agent a on a.agent_id = o.agent_id and a.tenant_id = o.tenant_id
        where o.agent_id = $1 order by o.attempt`,
      [first.id],
    );
    expect(offers.rows).toEqual([
      { miss_reason: 'not-placed', status: 'missed', consecutive_misses: 0 },
      { miss_reason: null, status: 'accepted', consecutive_misses: 0 },
    ]);
    await network.agentHangsUp(customer.agent!);
  });

  it('three misses in a row set the agent offline as unreachable', async () => {
    const agent = await onlineAgent([]);
    network.phone(agent.phone, 'busy', 'voicemail', 'decline');

    for (let i = 0; i < 3; i += 1) {
      const customer = await caller('0');
      await waitFor(
        () =>
          network.legsTo(agent.phone).length === i + 1 && network.legsTo(agent.phone)[i].state === 'ended',
      );
      // The leg's status callback may still be on its way: hanging up first would make it the caller's miss.
      await waitFor(
        async () => (await eventsOf(customer.callSid)).some((e) => e.startsWith('offer-missed')),
        5000,
        `miss ${i + 1} counted`,
      );
      await customer.hangUp();
      expect(customer.queueResults).toEqual(['hangup']);
      await waitFor(
        async () => (await eventsOf(customer.callSid)).includes('call-abandoned'),
        5000,
        'abandoned',
      );
    }

    await waitFor(() => told.some((t) => t.command === 'go-offline' && t.agentId === agent.id));
    expect(told.filter((t) => t.agentId === agent.id)).toEqual([
      { command: 'go-offline', agentId: agent.id, reason: 'unreachable' },
    ]);
    const misses = await pg.query(
      `select consecutive_misses from dispatch.routing_agent where agent_id = $1`,
      [agent.id],
    );
    expect(misses.rows).toEqual([{ consecutive_misses: 0 }]);
  });

  it('presence not answering when an agent is to go offline as unreachable: the next tick asks again', async () => {
    const agent = await onlineAgent([]);
    network.phone(agent.phone, 'busy');
    presenceSilentOnce = true;

    for (let i = 0; i < 3; i += 1) {
      const customer = await caller('0');
      await waitFor(() => network.legsTo(agent.phone)[i]?.state === 'ended', 5000, `miss ${i + 1}`);
      // The leg's status callback may still be on its way: hanging up first would make it the caller's miss.
      await waitFor(
        async () => (await eventsOf(customer.callSid)).some((e) => e.startsWith('offer-missed')),
        5000,
        `miss ${i + 1} counted`,
      );
      await customer.hangUp();
    }

    const asked = () => told.filter((t) => t.agentId === agent.id);
    await waitFor(() => asked().length === 2, 10_000, 'presence asked again after the timeout');
    expect(asked()).toEqual([
      { command: 'go-offline', agentId: agent.id, reason: 'unreachable' },
      { command: 'go-offline', agentId: agent.id, reason: 'unreachable' },
    ]);
    await waitFor(
      async () =>
        (
          await pg.query(`select consecutive_misses from dispatch.routing_agent where agent_id = $1`, [
            agent.id,
          ])
        ).rows[0]?.consecutive_misses === 0,
      3000,
      'the count to start again',
    );
  });

  it('a caller who hangs up while the agent phone rings: the ringing call is cancelled, not held against the agent', async () => {
    const agent = await onlineAgent([]);
    network.phone(agent.phone, 'ring');
    const customer = await caller('0');
    await waitFor(
      () => network.legsTo(agent.phone)[0]?.statuses.some((s) => s.status === 'ringing') === true,
    );

    await customer.hangUp();

    const leg = network.legsTo(agent.phone)[0];
    await waitFor(() => leg.state === 'ended', 5000, 'the agent leg to end');
    expect(leg.statuses.map((s) => s.status)).toEqual(['initiated', 'ringing', 'canceled']);
    expect(rest.updates).toContainEqual(
      expect.objectContaining({ callSid: leg.sid, params: { Status: 'canceled' } }),
    );
    const offer = await pg.query<{ status: string; miss_reason: string }>(
      `select status, miss_reason from dispatch.offer where agent_id = $1`,
      [agent.id],
    );
    expect(offer.rows).toEqual([{ status: 'missed', miss_reason: 'caller-gone' }]);
    const misses = await pg.query(
      `select consecutive_misses from dispatch.routing_agent where agent_id = $1`,
      [agent.id],
    );
    expect(misses.rows).toEqual([{ consecutive_misses: 0 }]);
    await waitFor(async () => (await eventsOf(customer.callSid)).length === 3, 5000, 'the events');
    expect(await eventsOf(customer.callSid)).toEqual([
      'offer-made',
      'call-abandoned',
      'offer-missed:caller-gone',
    ]);
  });

  const NO_AGENT = 'Sorry, no agent is available. Goodbye.';
  const sessionOf = (customer: CustomerCall) => `s-${customer.callSid.slice(2, 14)}`;
  const heardNoAgent = (customer: CustomerCall) =>
    customer.call.heard.filter((h) => h.kind === 'say' && h.text === NO_AGENT).length;
  const memberUpdatesOf = (customer: CustomerCall) =>
    rest.memberUpdates.filter((u) => u.callSid === customer.callSid).map((u) => u.status);
  async function deadlineOf(customer: CustomerCall): Promise<number> {
    const rows = await pg.query<{ deadline: Date }>(
      `select deadline from dispatch.waiting_call where call_sid = $1`,
      [customer.callSid],
    );
    return rows.rows[0].deadline.getTime();
  }

  it('the maximum wait: the caller leaves the queue and hears the no-agent prompt, once', async () => {
    // A short hold prompt: the wait URL's <Leave/> and the tick's dequeue race; either ends the wait once.
    const customer = await caller('2');
    await waitFor(() => customer.state === 'ended', (MAX_WAIT_S + 5) * 1000, 'the caller to leave');
    expect(customer.queueResults).toHaveLength(1);
    expect(['leave', 'redirected']).toContain(customer.queueResults[0]);
    expect(customer.call.lastSaid).toBe(NO_AGENT);
    expect(heardNoAgent(customer)).toBe(1);
    const asked = results.filter((r) => r.sessionId === sessionOf(customer));
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(asked.every((r) => r.turn === 0 && r.outcome === 'timeout')).toBe(true);
    await waitFor(async () => (await eventsOf(customer.callSid)).length === 1, 5000, 'the timeout event');
    expect(await eventsOf(customer.callSid)).toEqual(['call-timed-out']);
  });

  describe('a hold prompt longer than the maximum wait', () => {
    beforeEach(() => {
      network.holdMs = 60_000;
    });
    afterEach(() => {
      network.holdMs = 100;
    });

    it('dispatch takes the caller out of the queue through REST within a tick of the deadline', async () => {
      const customer = await caller('2');
      const deadline = await deadlineOf(customer);
      await waitFor(() => customer.state === 'ended', (MAX_WAIT_S + 5) * 1000, 'the caller to leave');

      expect(customer.leftQueueAt! - deadline).toBeLessThan(1000); // the tick is 200 ms here
      expect(customer.leftQueueAt! - deadline).toBeGreaterThanOrEqual(0);
      expect(customer.waitRequests).toBe(1);
      expect(customer.queueResults).toEqual(['redirected']);
      expect(customer.call.lastSaid).toBe(NO_AGENT);
      expect(heardNoAgent(customer)).toBe(1);
      expect(memberUpdatesOf(customer)).toEqual([200]);
      const update = rest.memberUpdates.find((u) => u.callSid === customer.callSid)!;
      expect(update).toMatchObject({ accountSid: PLATFORM_SID, queueSid: customer.queueSid });
      const id = (
        await pg.query<{ id: string }>(`select id from dispatch.waiting_call where call_sid = $1`, [
          customer.callSid,
        ])
      ).rows[0].id;
      expect(update.params).toEqual({ Url: `${PUBLIC}/twilio/queue/timeout?call=${id}`, Method: 'POST' });
      // The action (redirected) and the dequeue's URL both ask flow-runtime, for the same turn and outcome.
      expect(results.filter((r) => r.sessionId === sessionOf(customer))).toEqual([
        { sessionId: sessionOf(customer), turn: 0, outcome: 'timeout' },
        { sessionId: sessionOf(customer), turn: 0, outcome: 'timeout' },
      ]);
      await waitFor(async () => (await eventsOf(customer.callSid)).length === 1, 5000, 'the timeout event');
      expect(await eventsOf(customer.callSid)).toEqual(['call-timed-out']);
      const row = await pg.query(`select status, dequeue_status from dispatch.waiting_call where id = $1`, [
        id,
      ]);
      expect(row.rows).toEqual([{ status: 'left', dequeue_status: 'done' }]);
    });

    it('Twilio failing at the deadline: the next tick asks again', async () => {
      rest.failNext(503, 20500, 'Service unavailable', 'dequeue');
      const customer = await caller('2');
      const deadline = await deadlineOf(customer);
      await waitFor(() => customer.state === 'ended', (MAX_WAIT_S + 5) * 1000, 'the caller to leave');

      expect(memberUpdatesOf(customer)).toEqual([503, 200]);
      expect(customer.leftQueueAt! - deadline).toBeLessThan(1500);
      expect(customer.queueResults).toEqual(['redirected']);
      expect(heardNoAgent(customer)).toBe(1);
    });

    it("a number of the tenant's own Twilio account: dequeued through that account", async () => {
      const customer = await network.dial({
        from: '+14155550992',
        to: OWN_NUMBER,
        account: { accountSid: TENANT_SID, authToken: TENANT_TOKEN },
      });
      expect(customer.state).toBe('queued');
      await waitFor(() => customer.state === 'ended', (MAX_WAIT_S + 5) * 1000, 'the caller to leave');

      expect(rest.memberUpdates.filter((u) => u.callSid === customer.callSid)).toEqual([
        expect.objectContaining({ accountSid: TENANT_SID, queueSid: customer.queueSid, status: 200 }),
      ]);
      expect(customer.queueResults).toEqual(['redirected']);
      expect(heardNoAgent(customer)).toBe(1);
    });

    it('a ringing offer at the deadline is called off, not held against the agent', async () => {
      const customer = await caller('2');
      // Online 2 s into the wait: the phone (5 s of ringing here) still rings at the deadline.
      await new Promise((r) => setTimeout(r, 2000));
      const agent = await onlineAgent(['billing']);
      network.phone(agent.phone, 'ring');
      await waitFor(() => customer.state === 'ended', (MAX_WAIT_S + 5) * 1000, 'the caller to leave');

      const leg = network.legsTo(agent.phone)[0];
      await waitFor(() => leg.state === 'ended', 5000, 'the agent leg to end');
      expect(leg.statuses.map((s) => s.status)).toEqual(['initiated', 'ringing', 'canceled']);
      expect(customer.queueResults).toEqual(['redirected']);
      await waitFor(async () => (await eventsOf(customer.callSid)).length === 3, 5000, 'the events');
      expect(await eventsOf(customer.callSid)).toEqual([
        'offer-made',
        'call-timed-out',
        'offer-missed:caller-gone',
      ]);
    });
  });

  it('two replicas ending the same waits at once: each call is ended and leased once', async () => {
    const deadlines = dispatch.app.get(WaitDeadlines);
    const queue = dispatch.app.get(RoutingQueue);
    // Ten minutes ahead: the app's own tick (at the real time) sees none of these past its deadline.
    const later = new Date(Date.now() + 600_000);
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const id = crypto.randomUUID();
      ids.push(id);
      await queue.enqueue({
        id,
        tenantId: `${tenant}-deadline`,
        callSid: `CA${randomBytes(16).toString('hex')}`,
        sessionId: `deadline-${i}`,
        turn: 0,
        twilioAccount: 'platform',
        contactPoint: SUPPORT,
        queueNodeId: 'queue',
        queueName: 'Deadline',
        requiredSkills: [],
        priority: 0,
        hold: [{ type: 'pause', seconds: 1 }],
        enqueuedAt: new Date(later.getTime() - 60_000),
        deadline: new Date(later.getTime() - 1000),
      });
      if (i % 2 === 0) await deadlines.recordQueueSid(id, `QU${randomBytes(16).toString('hex')}`);
    }

    // Two replicas' rounds at once, again until every call was ended: the app's own offer round
    // may hold a call's lock for a moment, and a locked call is passed over until the next round.
    const lease = new Date(later.getTime() + 15_000);
    const claimed: DueDequeue[] = [];
    const until = Date.now() + 10_000;
    while (new Set(claimed.filter((d) => d.endedNow).map((d) => d.call.id)).size < ids.length) {
      if (Date.now() > until) throw new Error('the waits were not all ended');
      const [a, b] = await Promise.all([
        deadlines.claimDue(later, lease, 50),
        deadlines.claimDue(later, lease, 50),
      ]);
      claimed.push(...[...a, ...b].filter((d) => ids.includes(d.call.id)));
    }

    // Each call ended once; those with a queue SID leased once for their first request, the others
    // left to the wait URL.
    expect(
      claimed
        .filter((d) => d.endedNow)
        .map((d) => d.call.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(
      claimed
        .filter((d) => d.attempt > 0)
        .map((d) => [d.call.id, d.attempt])
        .sort(),
    ).toEqual(
      ids
        .filter((_, i) => i % 2 === 0)
        .map((id) => [id, 1])
        .sort(),
    );
    const again = await deadlines.claimDue(later, lease, 50);
    expect(again.filter((d) => ids.includes(d.call.id))).toEqual([]); // leased: nobody asks again meanwhile
    // The outbox relay publishes on its own: wait for it, then count (a 13th would be a double).
    const timedOut = async () =>
      (await readStream(nc, 'DISPATCH_EVENTS', `dispatch.evt.${tenant}-deadline.>`)).filter((e) =>
        e.subject.endsWith('call-timed-out.v1'),
      );
    await waitFor(async () => (await timedOut()).length >= 12, 5000, 'twelve call-timed-out events');
    expect(await timedOut()).toHaveLength(12);
  });

  it('an accept at the deadline wins or loses cleanly: never bridged and timed out', async () => {
    const deadlines = dispatch.app.get(WaitDeadlines);
    const queue = dispatch.app.get(RoutingQueue);
    const raceTenant = `${tenant}-accept`;
    const later = new Date(Date.now() + 600_000);
    const agents: string[] = [];
    for (let i = 0; i < 8; i += 1) agents.push((await onlineAgent([])).id);
    // Reserved for the next five minutes: the app's own offer round (at the real time) offers them
    // nothing; ten minutes ahead they are free for the offers below.
    await pg.query(
      `update dispatch.routing_agent set tenant_id = $1, reservation_id = gen_random_uuid(),
          reserved_until = now() + interval '5 minutes' where agent_id = any($2)`,
      [raceTenant, agents],
    );
    for (let i = 0; i < 8; i += 1) {
      const id = crypto.randomUUID();
      await queue.enqueue({
        id,
        tenantId: raceTenant,
        callSid: `CA${randomBytes(16).toString('hex')}`,
        sessionId: `accept-${i}`,
        turn: 0,
        twilioAccount: 'platform',
        contactPoint: SUPPORT,
        queueNodeId: 'queue',
        queueName: 'Accept',
        requiredSkills: [],
        priority: 0,
        hold: [{ type: 'pause', seconds: 1 }],
        enqueuedAt: new Date(later.getTime() - 60_000),
        deadline: later,
      });
      await deadlines.recordQueueSid(id, `QU${randomBytes(16).toString('hex')}`);
    }
    const offers: Offer[] = [];
    const until = Date.now() + 10_000;
    while (offers.length < 8 && Date.now() < until) {
      const plan = await queue.claimNextOffer(raceTenant, new Date(later.getTime() - 1000), 3_600_000, later);
      if (plan) offers.push(plan.offer);
    }
    expect(offers).toHaveLength(8);

    // Two accepts commit before the deadline's round, four race it, two come after it.
    const accept = (offer: Offer) => queue.accept(offer.id, later);
    const first = await Promise.all(offers.slice(0, 2).map(accept));
    const [claimed, ...racing] = await Promise.all([
      deadlines.claimDue(later, new Date(later.getTime() + 15_000), 50),
      ...offers.slice(2, 6).map(accept),
    ]);
    const last = await Promise.all(offers.slice(6).map(accept));
    const accepts = [...first, ...racing, ...last];
    expect(first.map((a) => a.accepted)).toEqual([true, true]);
    expect(last.map((a) => a.accepted)).toEqual([false, false]);

    const rows = await pg.query<{ id: string; status: string; dequeue_status: string | null }>(
      `select id, status, dequeue_status from dispatch.waiting_call where tenant_id = $1`,
      [raceTenant],
    );
    const ended = new Set(claimed.map((d) => d.call.id));
    for (const [i, offer] of offers.entries()) {
      const row = rows.rows.find((r) => r.id === offer.waitingCallId)!;
      const result = accepts[i];
      if (result.accepted) {
        expect([row.status, row.dequeue_status, ended.has(row.id)]).toEqual(['bridged', null, false]);
      } else {
        expect(result.why).toBe('caller-gone');
        expect([row.status, row.dequeue_status, ended.has(row.id)]).toEqual(['left', 'pending', true]);
      }
    }
  });

  it('an agent whose hours ran out during the call is freed at once when it ends (presence then sets them offline)', async () => {
    const agent = await onlineAgent([]);
    network.phone(agent.phone, 'accept');
    const customer = await caller('0');
    await bridged(customer);
    expiresWhenCallEnds = new Set([agent.id]);

    await customer.hangUp();

    await waitFor(() => told.some((t) => t.command === 'mark-available' && t.agentId === agent.id), 3000);
    // No wrap-up (1 s here) for an agent whose time is up: free from the moment the call ended.
    const { rows } = await pg.query<{ ended_at: Date; wrap_up_until: Date; freed_at: Date | null }>(
      `select ended_at, wrap_up_until, freed_at from dispatch.offer where agent_id = $1`,
      [agent.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].wrap_up_until).toEqual(rows[0].ended_at);
    expect(rows[0].freed_at).not.toBeNull();
    // The caller hung up during the bridged call: Twilio still posts the action, and the flow hears `answered`.
    await waitFor(() => results.some((r) => r.sessionId === `s-${customer.callSid.slice(2, 14)}`), 3000);
    expect(customer.queueResults).toEqual(['bridged']);
    expect(results.filter((r) => r.sessionId === `s-${customer.callSid.slice(2, 14)}`)).toEqual([
      { sessionId: `s-${customer.callSid.slice(2, 14)}`, turn: 0, outcome: 'answered' },
    ]);
    expiresWhenCallEnds = new Set();
  });

  it('two offer engines claiming at once never offer one call twice nor hold one agent twice', async () => {
    const queue = dispatch.app.get(RoutingQueue);
    // Ten minutes ago, holding agents for an hour, the calls waiting for another hour and the agents'
    // hours over a minute ago: the app's own tick (at the real time) finds no agent eligible for
    // these calls, none past its deadline and the offers still held, and leaves all alone, so only
    // the two claimers below race.
    const now = new Date(Date.now() - 600_000);
    const agents: { id: string; phone: string }[] = [];
    for (let i = 0; i < 6; i += 1) agents.push(await onlineAgent([]));
    await pg.query(
      `update dispatch.routing_agent set expires_at = now() - interval '1 minute' where agent_id = any($1)`,
      [agents.map((a) => a.id)],
    );
    await pg.query(`update dispatch.routing_agent set state = 'offline' where not (agent_id = any($1))`, [
      agents.map((a) => a.id),
    ]);
    for (let i = 0; i < 10; i += 1)
      await queue.enqueue({
        id: crypto.randomUUID(),
        tenantId: `${tenant}-race`,
        callSid: `CA${randomBytes(16).toString('hex')}`,
        sessionId: `race-${i}`,
        turn: 0,
        twilioAccount: 'platform',
        contactPoint: SUPPORT,
        queueNodeId: 'queue',
        queueName: 'Race',
        requiredSkills: [],
        priority: 0,
        hold: [{ type: 'pause', seconds: 1 }],
        enqueuedAt: now,
        deadline: new Date(Date.now() + 3_600_000),
      });
    await pg.query(`update dispatch.routing_agent set tenant_id = $1 where agent_id = any($2)`, [
      `${tenant}-race`,
      agents.map((a) => a.id),
    ]);

    const claim = async () => {
      const plans = [];
      for (;;) {
        const plan = await queue.claimNextOffer(`${tenant}-race`, now, 3_600_000, now);
        if (!plan) return plans;
        plans.push(plan);
      }
    };
    const [a, b] = await Promise.all([claim(), claim()]);
    const plans = [...a, ...b];

    expect(plans).toHaveLength(6);
    expect(new Set(plans.map((p) => p.offer.agentId)).size).toBe(6);
    expect(new Set(plans.map((p) => p.call.id)).size).toBe(6);
    const offering = await pg.query(
      `select count(*)::int as n from dispatch.waiting_call where tenant_id = $1 and status = 'offering'`,
      [`${tenant}-race`],
    );
    expect(offering.rows[0]).toEqual({ n: 6 });
  });
});
