import { readStream, uniqueSuffix, waitFor } from '@tp/stack-harness';
import { TwilioNetwork, type CustomerCall } from '@tp/twilio-simulator';
import type { CloudEvent } from '@tp/contracts';
import { customerGraph, queueParams } from '@tp/fakes';
import { seedTimedPresenceTenant, type SeededTenant } from '../libs/stack-harness/src/seed-tenant';
import { startTestStack, type TestStack } from './support/stack';

/**
 * Routing customer calls to online agents end to end: all five built apps (two dispatch
 * replicas behind one public URL, webhooks spread over both) over the real NATS and PostgreSQL.
 * Customers call through the test Twilio network (the `<Enqueue>` wait URL followed, the action
 * posted with `QueueResult`); dispatch calls agents through the Twilio REST double, whose calls
 * ring phones the tests script (answer and press 1, a voicemail pickup, no answer, busy, failed),
 * with signed status callbacks in SequenceNumber order; `<Dial><Queue>` bridges. Agents log in as
 * they do in production (the Timed Presence IVR, or presence's admin API), and routing learns it
 * from presence's events.
 */
const tenant = `routing-${uniqueSuffix()}`;
const LOGIN = '+15550300100';
const TEXT = {
  greeting: 'Thank you for calling.',
  hold: 'Please hold, an agent will be with you shortly.',
  noAgent: 'Sorry, no agent is available right now.',
  goodbye: 'Please call again later. Goodbye.',
};
const WHISPER = (queue: string) => `A call from the ${queue} queue. Press 1 to accept.`;

/** One queue (a customer flow and its number) per scenario, each needing a skill of its own. */
const QUEUES = {
  bridge: { number: '+15550300201', skill: 'bridge' },
  skills: { number: '+15550300202', skill: 'sales' },
  miss: { number: '+15550300203', skill: 'miss' },
  unreachable: { number: '+15550300204', skill: 'unreachable' },
  login: { number: '+15550300205', skill: 'late' },
  maxWait: { number: '+15550300206', skill: 'nobody' },
  expiry: { number: '+15550300207', skill: 'expiry' },
  replicas: { number: '+15550300208', skill: 'replicas' },
} as const;
type QueueKey = keyof typeof QUEUES;
const MAX_WAIT_S = 5;

/** Agents by key: their skills. */
const AGENTS = {
  'bridge-ada': ['Bridge'],
  'skills-billing': ['billing', 'support'],
  'skills-sales': ['sales'],
  'miss-1': ['miss'],
  'miss-2': ['miss'],
  'miss-3': ['miss'],
  'unreachable-1': ['unreachable'],
  'login-late': ['late'],
  'expiry-1': ['expiry'],
  'replicas-1': ['replicas'],
  'replicas-2': ['replicas'],
  'replicas-3': ['replicas'],
  'replicas-4': ['replicas'],
} as const;
type AgentKey = keyof typeof AGENTS;
const KEYS = Object.keys(AGENTS) as AgentKey[];
const phoneOf = (key: AgentKey) => `+1555040${String(1000 + KEYS.indexOf(key)).padStart(4, '0')}`;

describe('routing customer calls to online agents (two dispatch replicas)', () => {
  let stack: TestStack;
  let network: TwilioNetwork;
  let seeded: SeededTenant;
  const ids = new Map<AgentKey, string>();
  const agent = (key: AgentKey) => ({ id: ids.get(key)!, phone: phoneOf(key) });
  let callerCount = 0;

  beforeAll(async () => {
    stack = await startTestStack('routing', {
      dispatchReplicas: 2,
      appEnv: {
        dispatch: {
          DISPATCH_RING_TIMEOUT_SECONDS: '5',
          DISPATCH_WRAP_UP_SECONDS: '1',
          DISPATCH_ROUTING_TICK_MS: '250',
        },
      },
    });
    const token = stack.token(tenant);
    seeded = await seedTimedPresenceTenant(stack.urls, {
      token,
      platformToken: stack.platformToken(),
      contactPoint: LOGIN,
      agents: KEYS.map((key) => ({
        name: `Agent ${key}`,
        email: `${key.replace(/[^a-z0-9]/g, '')}@routing.example`,
        phone: phoneOf(key),
        skills: [...AGENTS[key]],
      })),
    });
    for (const a of seeded.agents)
      ids.set(
        KEYS.find((k) => phoneOf(k) === a.phone)!,
        a.id,
      );

    // The customer-facing prompts (media), then one customer flow and number per queue.
    const prompts: Record<keyof typeof TEXT, string> = { greeting: '', hold: '', noAgent: '', goodbye: '' };
    for (const role of Object.keys(TEXT) as (keyof typeof TEXT)[]) {
      const created = await admin<{ id: string }>('POST', `${stack.urls.media}/v1/prompts`, {
        name: `Routing ${role}`,
        content: { kind: 'tts', text: TEXT[role], voice: 'Polly.Joanna', language: 'en-US' },
      });
      prompts[role] = created.id;
    }
    for (const [key, queue] of Object.entries(QUEUES) as [QueueKey, (typeof QUEUES)[QueueKey]][]) {
      const graph = customerGraph({
        greetingPromptId: prompts.greeting,
        goodbyePromptId: prompts.goodbye,
        queue: queueParams({
          name: `Q ${key}`,
          requiredSkills: [queue.skill],
          maxWaitSeconds: key === 'maxWait' ? MAX_WAIT_S : 120,
          holdPromptId: prompts.hold,
          noAgentPromptId: prompts.noAgent,
        }),
      });
      const flow = await admin<{ id: string }>('POST', `${stack.urls.flowRuntime}/v1/flows`, {
        name: `Customers ${key}`,
      });
      const version = await admin<{ version: number }>(
        'POST',
        `${stack.urls.flowRuntime}/v1/flows/${flow.id}/versions`,
        graph,
      );
      await admin(
        'POST',
        `${stack.urls.flowRuntime}/v1/flows/${flow.id}/versions/${version.version}/publish`,
      );
      const assigned = await fetch(`${stack.urls.dispatch}/v1/contact-points`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.platformToken()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ phoneNumber: queue.number, tenantId: tenant }),
      });
      expect(assigned.status).toBe(201);
      await admin('POST', `${stack.urls.dispatch}/v1/dispatch-mappings`, {
        name: `Customers ${key}`,
        phoneNumber: queue.number,
        flowId: flow.id,
      });
    }

    network = new TwilioNetwork({
      serverUrl: stack.publicBaseUrl,
      serverUrls: stack.dispatchUrls,
      publicBaseUrl: stack.publicBaseUrl,
      authToken: stack.twilio.authToken,
      accountSid: stack.twilio.accountSid,
      rest: stack.twilioRest,
      holdMs: 200,
    });
  }, 180_000);

  afterAll(async () => {
    network?.close();
    await stack?.close();
  });

  afterEach(() => {
    expect(network.errors).toEqual([]);
    expect(network.overlaps).toEqual([]);
  });

  async function admin<T = unknown>(method: string, url: string, body?: unknown): Promise<T> {
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${stack.token(tenant)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  const presence = (key: AgentKey) => stack.presence(tenant, agent(key).id);

  /** Routing's read model has applied the agent's login (dispatch.routing_agent says online). */
  const routingSeesOnline = (key: AgentKey) =>
    waitFor(
      async () =>
        (
          await stack.pg.query(
            `select 1 from dispatch.routing_agent where tenant_id = $1 and agent_id = $2 and state = 'online'`,
            [tenant, agent(key).id],
          )
        ).rowCount === 1,
      10_000,
      `routing to see ${key} online`,
    );

  /** Online for 8 hours through presence's admin API (reason `admin`); routing hears of it from the presence event. */
  async function putOnline(key: AgentKey): Promise<void> {
    await admin('POST', `${stack.urls.presence}/v1/presence/agents/${agent(key).id}/online`, { hours: 8 });
  }

  async function call(queue: QueueKey): Promise<CustomerCall> {
    callerCount += 1;
    const customer = await network.dial({
      from: `+1555050${String(1000 + callerCount).padStart(4, '0')}`,
      to: QUEUES[queue].number,
    });
    expect(customer.call.lastSaid).toBe(TEXT.greeting);
    expect(customer.state).toBe('queued');
    return customer;
  }

  const bridged = (customer: CustomerCall, timeoutMs = 15_000) =>
    waitFor(() => customer.state === 'bridged', timeoutMs, `caller ${customer.callSid} bridged`);

  const readPresenceEvents = async (key: AgentKey) =>
    (await readStream(stack.nc, 'PRESENCE_EVENTS', `presence.evt.${tenant}.>`))
      .filter((m) => !m.subject.endsWith('.agent-session-closed.v1')) // the session record, not a change
      .map((m) => m.event as CloudEvent<{ agentId: string; state: string; reason: string }>)
      .filter((e) => e.data.agentId === agent(key).id)
      .map((e) => `${e.data.state}/${e.data.reason}`);
  /** The agent's presence events, once presence's outbox relay has published at least `count`. */
  const presenceEvents = async (key: AgentKey, count: number) => {
    await waitFor(async () => (await readPresenceEvents(key)).length >= count, 10_000, `${count} events`);
    return readPresenceEvents(key);
  };

  /** Routing's events of one call (DISPATCH_EVENTS), as `<noun>` or `<noun>:<reason>`. */
  async function dispatchEvents(callSid: string): Promise<string[]> {
    return (await readStream(stack.nc, 'DISPATCH_EVENTS', `dispatch.evt.${tenant}.>`))
      .filter((m) => m.event.subject === callSid)
      .map((m) => {
        const reason = (m.event.data as { reason?: string }).reason;
        const noun = m.subject.split('.')[3];
        return reason ? `${noun}:${reason}` : noun;
      });
  }

  it('a customer call reaches the one eligible agent, who presses 1 and is bridged; busy during the call, free after the wrap-up', async () => {
    await putOnline('bridge-ada');
    network.phone(agent('bridge-ada').phone, 'accept');

    const customer = await call('bridge');
    await bridged(customer);

    const [leg] = network.legsTo(agent('bridge-ada').phone);
    expect(leg.from).toBe(QUEUES.bridge.number);
    expect(leg.said).toBe(WHISPER('Q bridge'));
    expect(leg.call.dialledQueue).toBe(`tp-${customer.callSid}`);
    await waitFor(async () => (await presence('bridge-ada')).state === 'busy', 10_000, 'busy');

    await network.agentHangsUp(leg);
    expect(customer.queueResults).toEqual(['bridged']);
    expect(customer.call.ended).toBe(true);
    await waitFor(async () => (await presence('bridge-ada')).state === 'online', 10_000, 'online again');
    expect(await presenceEvents('bridge-ada', 3)).toEqual([
      'online/admin',
      'busy/call-started',
      'online/call-ended',
    ]);
  });

  it('an agent who lacks the skill is never offered the call', async () => {
    await putOnline('skills-billing');
    network.phone(agent('skills-billing').phone, 'accept');
    network.phone(agent('skills-sales').phone, 'accept');

    const customer = await call('skills');
    await waitFor(() => customer.waitRequests >= 3, 10_000, 'the caller waiting a while');
    expect(customer.heardWaiting.slice(0, 2)).toEqual(['You are number 1 in line.', TEXT.hold]);
    expect(network.legsTo(agent('skills-billing').phone)).toHaveLength(0);

    await putOnline('skills-sales');
    await bridged(customer);
    expect(customer.agent!.to).toBe(agent('skills-sales').phone);
    expect(network.legsTo(agent('skills-billing').phone)).toHaveLength(0);
    await network.agentHangsUp(customer.agent!);
  });

  it('a miss goes to the next agent; a voicemail pickup (answered, no key) is a miss', async () => {
    // Longest idle first: miss-1, then miss-2, then miss-3.
    for (const key of ['miss-1', 'miss-2', 'miss-3'] as const) {
      await putOnline(key);
      await routingSeesOnline(key); // so that each is idle since a later login than the one before
    }
    network.phone(agent('miss-1').phone, 'no-answer');
    network.phone(agent('miss-2').phone, 'voicemail');
    network.phone(agent('miss-3').phone, 'accept');

    const customer = await call('miss');
    await bridged(customer);

    expect(network.legsTo(agent('miss-1').phone).map((l) => l.statuses.map((s) => s.status))).toEqual([
      ['initiated', 'ringing', 'no-answer'],
    ]);
    const voicemail = network.legsTo(agent('miss-2').phone);
    expect(voicemail).toHaveLength(1);
    expect(voicemail[0].said).toBe(`${WHISPER('Q miss')} Goodbye.`);
    expect(voicemail[0].statuses.map((s) => s.status)).toEqual([
      'initiated',
      'ringing',
      'in-progress',
      'completed',
    ]);
    expect(customer.agent!.to).toBe(agent('miss-3').phone);
    await waitFor(async () => (await dispatchEvents(customer.callSid)).length === 7, 10_000, 'the events');
    expect(await dispatchEvents(customer.callSid)).toEqual([
      'offer-made',
      'offer-missed:no-answer',
      'offer-made',
      'offer-missed:no-key',
      'offer-made',
      'offer-accepted',
      'call-answered',
    ]);
    expect((await presence('miss-1')).state).toBe('online');
    expect((await presence('miss-2')).state).toBe('online');
    await network.agentHangsUp(customer.agent!);
  });

  it('three misses in a row set the agent offline as unreachable, and the presence event says so', async () => {
    await putOnline('unreachable-1');
    const phone = agent('unreachable-1').phone;
    network.phone(phone, 'no-answer', 'voicemail', 'busy');

    for (let i = 1; i <= 3; i += 1) {
      const customer = await call('unreachable');
      await waitFor(
        () => network.legsTo(phone).length === i && network.legsTo(phone)[i - 1].state === 'ended',
        10_000,
        `miss ${i}`,
      );
      // The leg's status callback may still be on its way: hanging up first would make it the caller's miss.
      await waitFor(
        async () => (await dispatchEvents(customer.callSid)).some((e) => e.startsWith('offer-missed')),
        10_000,
        `miss ${i} counted`,
      );
      await customer.hangUp();
      expect(customer.queueResults).toEqual(['hangup']);
    }

    await waitFor(async () => (await presence('unreachable-1')).state === 'offline', 15_000, 'offline');
    expect(await presence('unreachable-1')).toMatchObject({ state: 'offline', reason: 'unreachable' });
    expect(await presenceEvents('unreachable-1', 2)).toEqual(['online/admin', 'offline/unreachable']);
  });

  it('a caller waits until an agent logs in (through the IVR) and is then offered the call', async () => {
    network.phone(agent('login-late').phone, 'accept');
    const customer = await call('login');
    await waitFor(() => customer.waitRequests >= 3, 10_000, 'the caller waiting a while');
    expect(network.legsTo(agent('login-late').phone)).toHaveLength(0);

    const login = await stack.simulator().dial({ from: agent('login-late').phone, to: LOGIN });
    await login.press('1');
    expect(login.ended).toBe(true);

    await bridged(customer);
    expect(customer.agent!.to).toBe(agent('login-late').phone);
    await network.agentHangsUp(customer.agent!);
  });

  it('the maximum wait plays the no-agent prompt, and the flow goes on with its timeout branch', async () => {
    const customer = await call('maxWait');
    await waitFor(
      () => customer.state === 'ended',
      (MAX_WAIT_S + 10) * 1000,
      'the caller to leave the queue',
    );

    // A short hold prompt here: the wait URL's <Leave/> and dispatch's own dequeue at the deadline
    // race (test/routing-max-wait.e2e-spec.ts has a long one); either way the wait ends once.
    expect(customer.queueResults).toHaveLength(1);
    expect(['leave', 'redirected']).toContain(customer.queueResults[0]);
    expect(customer.call.lastSaid).toBe(`${TEXT.noAgent} ${TEXT.goodbye}`);
    expect(customer.call.heard.filter((h) => h.kind === 'say' && h.text === TEXT.noAgent)).toHaveLength(1);
    expect(customer.heardWaiting).toContain(TEXT.hold);
    await waitFor(async () => (await dispatchEvents(customer.callSid)).length === 1, 10_000, 'the event');
    expect(await dispatchEvents(customer.callSid)).toEqual(['call-timed-out']);
  });

  it('an agent whose time runs out during a call goes offline when the call ends', async () => {
    await putOnline('expiry-1');
    network.phone(agent('expiry-1').phone, 'accept');
    const customer = await call('expiry');
    await bridged(customer);
    await waitFor(async () => (await presence('expiry-1')).state === 'busy', 10_000, 'busy');

    // The hours run out now, during the call: presence's sweeper keeps the agent busy until it ends.
    await stack.pg.query(
      `update presence.agent_presence set expires_at = now() - interval '1 second' where tenant_id = $1 and agent_id = $2`,
      [tenant, agent('expiry-1').id],
    );
    await waitFor(async () => (await presence('expiry-1')).expiresWhenCallEnds, 10_000, 'expiry noted');
    expect((await presence('expiry-1')).state).toBe('busy');

    await customer.hangUp();

    await waitFor(async () => (await presence('expiry-1')).state === 'offline', 15_000, 'offline');
    expect(await presence('expiry-1')).toMatchObject({ state: 'offline', reason: 'expired' });
    expect(await presenceEvents('expiry-1', 3)).toEqual([
      'online/admin',
      'busy/call-started',
      'offline/expired',
    ]);
  });

  it('two dispatch replicas under concurrent calls never offer one agent two calls', async () => {
    const keys = ['replicas-1', 'replicas-2', 'replicas-3', 'replicas-4'] as const;
    for (const key of keys) {
      await putOnline(key);
      network.phone(agent(key).phone, 'accept');
    }

    const customers = await Promise.all(Array.from({ length: 8 }, () => call('replicas')));

    // Four agents take four calls; the other four callers wait.
    await waitFor(() => customers.filter((c) => c.state === 'bridged').length === 4, 15_000, 'four bridged');
    await new Promise((r) => setTimeout(r, 1000));
    expect(customers.filter((c) => c.state === 'bridged')).toHaveLength(4);
    for (const key of keys) expect(network.legsTo(agent(key).phone)).toHaveLength(1);

    // They hang up; after the wrap-up each takes one of the waiting calls.
    for (const c of customers.filter((x) => x.state === 'bridged')) await network.agentHangsUp(c.agent!);
    await waitFor(
      () => customers.filter((c) => c.state === 'bridged').length === 4,
      15_000,
      'the next four bridged',
    );
    for (const key of keys) expect(network.legsTo(agent(key).phone)).toHaveLength(2);
    expect(network.overlaps).toEqual([]);
    expect(new Set(customers.map((c) => c.agent?.sid)).size).toBe(8);

    for (const c of customers.filter((x) => x.state === 'bridged')) await network.agentHangsUp(c.agent!);
    const ended = await stack.pg.query<{ n: number }>(
      `select count(*)::int as n from dispatch.offer where tenant_id = $1 and status in ('accepted', 'ended')
         and agent_id = any($2)`,
      [tenant, keys.map((k) => agent(k).id)],
    );
    expect(ended.rows[0].n).toBe(8);

    // Both replicas chose from their own copies of the agents (ADR 16), not only in SQL.
    const fromCopies = await Promise.all(
      stack.dispatchUrls.map(async (url) => {
        const text = await (await fetch(`${url}/metrics`)).text();
        const line = text.split('\n').find((l) => l.startsWith('tp_routing_choices_total{by="copy"'));
        return Number(line?.split(' ').at(-1) ?? 0);
      }),
    );
    expect(fromCopies.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
