import type { CloudEvent } from '@tp/contracts';
import { starterPromptSet } from '@tp/media-domain';
import { readStream, uniqueSuffix, waitFor } from '@tp/stack-harness';
import { TwilioNetwork, type CustomerCall } from '@tp/twilio-simulator';
import { seedTimedPresenceTenant, type SeededTenant } from '../libs/stack-harness/src/seed-tenant';
import { startTestStack, type TestStack } from './support/stack';

/**
 * The timed break by phone, end to end (the five built apps, the real NATS and PostgreSQL, the
 * Twilio network double): an online agent calls in and presses 6, is offered no customer call for
 * the break (a queued customer goes to another agent), and is offered calls again after it without
 * calling in. A break lasts whole minutes; the one stand-in for waiting them out is bringing the
 * break's end forward in presence's table, which wakes presence's scheduler as any new due time
 * does (the end itself, its event and routing's reaction are the real ones).
 */
const tenant = `break-${uniqueSuffix()}`;
const LOGIN = '+15550600100';
const CUSTOMERS = '+15550600200';
const ADA = { name: 'Ada Lovelace', email: 'ada@break.example', phone: '+15550600001', skills: ['support'] };
const GRACE = {
  name: 'Grace Hopper',
  email: 'grace@break.example',
  phone: '+15550600002',
  skills: ['support'],
};
const BREAK_STARTED = starterPromptSet().find((p) => p.role === 'break-started')!.content.text;
const BREAK_NOT_ONLINE = starterPromptSet().find((p) => p.role === 'break-not-online')!.content.text;

describe('a timed break by phone', () => {
  let stack: TestStack;
  let network: TwilioNetwork;
  let seeded: SeededTenant;
  let customers = 0;
  const idOf = (phone: string) => seeded.agents.find((a) => a.phone === phone)!.id;

  beforeAll(async () => {
    stack = await startTestStack('break', {
      appEnv: {
        dispatch: {
          DISPATCH_RING_TIMEOUT_SECONDS: '5',
          DISPATCH_WRAP_UP_SECONDS: '1',
          DISPATCH_ROUTING_TICK_MS: '250',
        },
      },
    });
    seeded = await seedTimedPresenceTenant(stack.urls, {
      token: stack.token(tenant),
      platformToken: stack.platformToken(),
      contactPoint: LOGIN,
      agents: [ADA, GRACE],
      break: { minutes: 15 },
      customer: { contactPoint: CUSTOMERS, requiredSkills: ['support'], maxWaitSeconds: 120 },
    });
    network = new TwilioNetwork({
      serverUrl: stack.publicBaseUrl,
      serverUrls: stack.dispatchUrls,
      publicBaseUrl: stack.publicBaseUrl,
      authToken: stack.twilio.authToken,
      accountSid: stack.twilio.accountSid,
      rest: stack.twilioRest,
      holdMs: 200,
    });
    network.phone(ADA.phone, 'accept');
    network.phone(GRACE.phone, 'accept');
  }, 120_000);

  afterAll(async () => {
    network?.close();
    await stack?.close();
  });

  const presence = (phone: string) => stack.presence(tenant, idOf(phone));

  const routingState = async (phone: string) =>
    (
      await stack.pg.query<{ state: string }>(
        'select state from dispatch.routing_agent where tenant_id = $1 and agent_id = $2',
        [tenant, idOf(phone)],
      )
    ).rows[0]?.state;

  const routingSees = (phone: string, state: string) =>
    waitFor(async () => (await routingState(phone)) === state, 10_000, `routing to see ${phone} ${state}`);

  /** An agent's call to the login line, pressing `keys` at the menu. */
  async function callIn(phone: string, keys: string) {
    const call = await stack.simulator().dial({ from: phone, to: LOGIN });
    await call.press(keys);
    return call;
  }

  async function customerCall(): Promise<CustomerCall> {
    customers += 1;
    const customer = await network.dial({ from: `+1555070${String(1000 + customers)}`, to: CUSTOMERS });
    expect(customer.state).toBe('queued');
    return customer;
  }

  const presenceEvents = async (phone: string) =>
    (await readStream(stack.nc, 'PRESENCE_EVENTS', `presence.evt.${tenant}.>`))
      .map(
        (m) =>
          m.event as CloudEvent<{
            agentId: string;
            state: string;
            reason: string;
            breakEndsAt?: string | null;
          }>,
      )
      .filter((e) => e.data.agentId === idOf(phone))
      .map((e) => `${e.data.state}/${e.data.reason}${e.data.breakEndsAt ? ' until break end' : ''}`);

  it('6 while offline is refused: a break needs the agent online', async () => {
    const call = await callIn(GRACE.phone, '6');

    expect(call.ended).toBe(false);
    expect(call.lastSaid).toContain(BREAK_NOT_ONLINE);
    expect((await presence(GRACE.phone)).state).toBe('offline');
    await call.press('0'); // the menu again: Grace ends the call
    expect(call.ended).toBe(true);
  });

  it('6 while online: no offers during the break (a queued customer goes to another agent), offered again after it', async () => {
    // Ada goes online (key 1, 8 hours), then calls again and presses 6.
    expect((await callIn(ADA.phone, '1')).ended).toBe(true);
    const online = await presence(ADA.phone);
    expect(online.state).toBe('online');
    const started = Date.now();
    const breakCall = await callIn(ADA.phone, '6');

    expect(breakCall.ended).toBe(true);
    expect(breakCall.lastSaid).toBe(BREAK_STARTED);
    const onBreak = await presence(ADA.phone);
    expect(onBreak).toMatchObject({
      state: 'on-break',
      reason: 'break-started',
      expiresAt: online.expiresAt,
    });
    const breakEndsAt = Date.parse(onBreak.breakEndsAt!);
    expect(breakEndsAt).toBeGreaterThanOrEqual(started + 15 * 60_000 - 1000);
    expect(breakEndsAt).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    await routingSees(ADA.phone, 'on-break');

    // A customer waits while Ada is on her break, and goes to Grace once she logs in.
    const first = await customerCall();
    await waitFor(() => first.waitRequests >= 3, 10_000, 'the customer waiting a while');
    expect(network.legsTo(ADA.phone)).toHaveLength(0);
    expect((await callIn(GRACE.phone, '1')).ended).toBe(true);
    await waitFor(() => first.state === 'bridged', 15_000, 'the first customer bridged');
    expect(first.agent!.to).toBe(GRACE.phone);
    expect(network.legsTo(ADA.phone)).toHaveLength(0);
    await network.agentHangsUp(first.agent!);
    // Grace logs off (key 0), so that the next customer can only be Ada's.
    expect((await callIn(GRACE.phone, '0')).ended).toBe(true);
    await routingSees(GRACE.phone, 'offline');

    // The break ends (brought forward to now + 1 s): Ada is online until her original expiry.
    await stack.pg.query(
      `update presence.agent_presence set break_ends_at = now() + interval '1 second'
        where tenant_id = $1 and agent_id = $2`,
      [tenant, idOf(ADA.phone)],
    );
    await waitFor(async () => (await presence(ADA.phone)).state === 'online', 10_000, 'the end of the break');
    expect(await presence(ADA.phone)).toMatchObject({
      state: 'online',
      reason: 'break-ended',
      expiresAt: online.expiresAt,
      breakEndsAt: null,
    });
    await routingSees(ADA.phone, 'online');

    // Ada is offered the next customer without calling in.
    const second = await customerCall();
    await waitFor(() => second.state === 'bridged', 15_000, 'the second customer bridged');
    expect(second.agent!.to).toBe(ADA.phone);
    await network.agentHangsUp(second.agent!);

    await waitFor(async () => (await presenceEvents(ADA.phone)).length >= 5, 10_000, "Ada's events");
    expect((await presenceEvents(ADA.phone)).slice(0, 5)).toEqual([
      'online/login',
      'on-break/break-started until break end',
      'online/break-ended',
      'busy/call-started',
      'online/call-ended',
    ]);
    expect(network.errors).toEqual([]);
    expect(network.overlaps).toEqual([]);
  });
});
