import { readStream, uniqueSuffix, waitFor } from '@tp/stack-harness';
import { TwilioNetwork, type CustomerCall } from '@tp/twilio-simulator';
import {
  CUSTOMER_PROMPT_TEXTS,
  seedCustomerFlow,
  seedTimedPresenceTenant,
} from '../libs/stack-harness/src/seed-tenant';
import { outboxRelayed } from './support/settled';
import { startTestStack, type TestStack } from './support/stack';

/**
 * The maximum wait honoured to the tick (ADR 14) end to end: all five built apps, two
 * dispatch replicas behind one public URL at the default tick (1 s), the real NATS and PostgreSQL.
 * A customer flow whose queue nobody can answer (a skill no agent has), a maximum wait of 5 s, and
 * callers on the test Twilio network whose hold prompt lasts far longer than that: Twilio asks the
 * wait URL again only at the end of each hold prompt, so only dispatch's own REST dequeue (the
 * Queue Member resource, through the Twilio REST double) can make the caller hear the no-agent
 * prompt on time.
 */
const tenant = `max-wait-${uniqueSuffix()}`;
const CUSTOMERS = '+15550310200';
const MAX_WAIT_S = 5;
const TEXT = {
  greeting: 'Thank you for calling.',
  hold: 'Please hold, an agent will be with you shortly.',
  noAgent: 'Sorry, no agent is available right now.',
  goodbye: 'Please call again later. Goodbye.',
};

// One stack for the file (starting one costs seconds of CPU); each describe has a tenant of its own.
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('routing-max-wait', { dispatchReplicas: 2 });
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe('the maximum wait, enforced by dispatch (two replicas)', () => {
  let network: TwilioNetwork;
  let callerCount = 0;

  beforeAll(async () => {
    await seedCustomerFlow(
      stack.urls,
      stack.token(tenant),
      {
        contactPoint: CUSTOMERS,
        queueName: 'Support',
        requiredSkills: ['nobody-has-this'],
        maxWaitSeconds: MAX_WAIT_S,
        texts: TEXT,
      },
      stack.platformToken(),
    );
    network = new TwilioNetwork({
      serverUrl: stack.publicBaseUrl,
      serverUrls: stack.dispatchUrls,
      publicBaseUrl: stack.publicBaseUrl,
      authToken: stack.twilio.authToken,
      accountSid: stack.twilio.accountSid,
      rest: stack.twilioRest,
      holdMs: 60_000, // a minute of hold music
    });
  }, 180_000);

  afterAll(() => {
    network?.close();
  });

  afterEach(() => {
    expect(network.errors).toEqual([]);
    network.holdMs = 60_000;
  });

  async function call(): Promise<CustomerCall> {
    callerCount += 1;
    const customer = await network.dial({
      from: `+1555051${String(1000 + callerCount).padStart(4, '0')}`,
      to: CUSTOMERS,
    });
    expect(customer.call.lastSaid).toBe(TEXT.greeting);
    expect(customer.state).toBe('queued');
    return customer;
  }

  /** The waiting call dispatch recorded: its deadline, and how its dequeue ended. */
  async function waitingCall(customer: CustomerCall) {
    const rows = await stack.pg.query<{ deadline: Date; status: string; dequeue_status: string | null }>(
      `select deadline, status, dequeue_status from dispatch.waiting_call where call_sid = $1`,
      [customer.callSid],
    );
    return rows.rows[0];
  }

  /** flow-runtime's session of the call: one turn further than the Queue's, on the timeout branch. */
  async function session(customer: CustomerCall) {
    const rows = await stack.pg.query<{ turn: number; status: string; outcome: string | null }>(
      `select turn, status, outcome from flow_runtime.flow_session where call_sid = $1`,
      [customer.callSid],
    );
    return rows.rows[0];
  }

  const said = (customer: CustomerCall, text: string) =>
    customer.call.heard.filter((h) => h.kind === 'say' && h.text === text).length;
  const memberUpdates = (customer: CustomerCall) =>
    stack.twilioRest.memberUpdates.filter((u) => u.callSid === customer.callSid).map((u) => u.status);

  async function timedOutEvents(customer: CustomerCall): Promise<number> {
    const events = await readStream(stack.nc, 'DISPATCH_EVENTS', `dispatch.evt.${tenant}.>`);
    return events.filter(
      (m) => m.event.subject === customer.callSid && m.subject.includes('.call-timed-out.'),
    ).length;
  }

  /** One no-agent prompt, then the goodbye of the timeout branch, the flow advanced once, one event. */
  async function expectOneTimeout(customer: CustomerCall): Promise<void> {
    expect(customer.call.ended).toBe(true);
    expect(customer.call.lastSaid).toBe(`${TEXT.noAgent} ${TEXT.goodbye}`);
    expect(said(customer, TEXT.noAgent)).toBe(1);
    expect(said(customer, TEXT.goodbye)).toBe(1);
    expect(await session(customer)).toEqual({ turn: 2, status: 'ended', outcome: 'timeout' });
    await waitFor(async () => (await timedOutEvents(customer)) > 0, 10_000, 'the timeout event');
    await outboxRelayed(stack.pg, 'dispatch'); // a second one, had there been one, is on the stream now
    expect(await timedOutEvents(customer)).toBe(1);
  }

  it('with a hold prompt far longer than the maximum wait, the caller hears the no-agent prompt within a tick of the deadline, and the flow goes on with its timeout branch once', async () => {
    const customer = await call();
    const { deadline } = await waitingCall(customer);

    await waitFor(() => customer.call.ended, (MAX_WAIT_S + 10) * 1000, 'the caller to leave the queue');

    const late = customer.leftQueueAt! - deadline.getTime();
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(2000); // the tick is 1 s; the hold prompt would have taken 55 s more
    expect(customer.waitRequests).toBe(1);
    expect(customer.heardWaiting).toContain(TEXT.hold);
    expect(customer.queueResults).toEqual(['redirected']);
    expect(memberUpdates(customer)).toEqual([200]); // two replicas ticking: one dequeue
    await expectOneTimeout(customer);
    expect(await waitingCall(customer)).toMatchObject({ status: 'left', dequeue_status: 'done' });
  });

  it('a race: the wait URL answers <Leave/> while the dequeue is under way: still one no-agent prompt and one timeout', async () => {
    // Wait URL requests at about 0, 2.2, 4.4 and 6.6 s: none between the deadline (5 s) and the
    // tick's claim (by 6 s), and one while Twilio takes 3 s over the dequeue.
    network.holdMs = 2200;
    stack.twilioRest.delayNextDequeue(3000);
    const customer = await call();

    await waitFor(() => customer.call.ended, (MAX_WAIT_S + 10) * 1000, 'the caller to leave the queue');
    await waitFor(() => memberUpdates(customer).length === 1, 10_000, 'the dequeue to be answered');

    expect(customer.queueResults).toEqual(['leave']);
    expect(memberUpdates(customer)).toEqual([404]); // the caller had left: nothing more happened
    expect(customer.leftQueueAt! - (await waitingCall(customer)).deadline.getTime()).toBeLessThan(2500);
    await expectOneTimeout(customer);
    await waitFor(
      async () => (await waitingCall(customer)).dequeue_status === 'done',
      5000,
      'the dequeue settled',
    );
  });

  it('Twilio failing at the deadline: the next tick asks again, and the caller still hears the prompt in time', async () => {
    stack.twilioRest.failNext(503, 20500, 'Service unavailable', 'dequeue');
    const customer = await call();
    const { deadline } = await waitingCall(customer);

    await waitFor(() => customer.call.ended, (MAX_WAIT_S + 10) * 1000, 'the caller to leave the queue');

    expect(memberUpdates(customer)).toEqual([503, 200]);
    const late = customer.leftQueueAt! - deadline.getTime();
    expect(late).toBeLessThan(3000); // two ticks
    expect(customer.waitRequests).toBe(1);
    expect(customer.queueResults).toEqual(['redirected']);
    await expectOneTimeout(customer);
  });
});

const seedTenant = `customer-seed-${uniqueSuffix()}`;
const SEED_LOGIN = '+15550300100';
const SEED_CUSTOMERS = '+15550300200';

/** The seed of a customer flow through the real admin APIs of media, flow-runtime and dispatch. */
describe('seeding a customer flow next to the login flow', () => {
  const get = async <T>(url: string): Promise<T> => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${stack.token(seedTenant)}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  it('publishes Entry -> Play Prompt -> Queue -> Exit with its prompts and maps the second number, idempotently', async () => {
    const seed = {
      token: stack.token(seedTenant),
      platformToken: stack.platformToken(),
      contactPoint: SEED_LOGIN,
      agents: [{ name: 'Ann', email: 'ann@seed.example', phone: '+15550300301', skills: ['Support'] }],
      customer: { contactPoint: SEED_CUSTOMERS, requiredSkills: ['Support'], maxWaitSeconds: 30 },
    };
    const seeded = await seedTimedPresenceTenant(stack.urls, seed);
    const customer = seeded.customer!;

    const flow = await get<{ publishedVersion: number; type: string }>(
      `${stack.urls.flowRuntime}/v1/flows/${customer.flowId}`,
    );
    const version = await get<{ graph: { nodes: { id: string; kind: string; params?: unknown }[] } }>(
      `${stack.urls.flowRuntime}/v1/flows/${customer.flowId}/versions/${flow.publishedVersion}`,
    );
    const mappings = await get<{ items: { id: string; phoneNumber: string; flowId: string }[] }>(
      `${stack.urls.dispatch}/v1/dispatch-mappings?limit=200`,
    );
    const hold = await get<{ content: { text: string } }>(
      `${stack.urls.media}/v1/prompts/${customer.promptIds.hold}`,
    );

    expect(flow.publishedVersion).toBe(1);
    expect(version.graph.nodes.map((n) => n.kind)).toEqual([
      'entry',
      'play-prompt',
      'queue',
      'play-prompt',
      'exit',
    ]);
    expect(version.graph.nodes[2].params).toMatchObject({
      name: 'Support',
      requiredSkills: ['Support'],
      maxWaitSeconds: 30,
      holdPromptId: customer.promptIds.hold,
      noAgentPromptId: customer.promptIds.noAgent,
    });
    expect(hold.content.text).toBe(CUSTOMER_PROMPT_TEXTS.hold);
    expect(mappings.items.map((m) => [m.phoneNumber, m.flowId]).sort()).toEqual(
      [
        [SEED_LOGIN, seeded.flowId],
        [SEED_CUSTOMERS, customer.flowId],
      ].sort(),
    );

    const again = await seedTimedPresenceTenant(stack.urls, seed);
    expect(again).toEqual(seeded);
  }, 60_000);
});
