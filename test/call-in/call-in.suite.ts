import { formatOnlineUntil } from '@tp/timed-presence-domain';
import { readStream, uniqueSuffix } from '@tp/stack-harness';
import { type SimulatedCall } from '@tp/twilio-simulator';
import { seedTimedPresenceTenant, type SeededTenant } from '../../libs/stack-harness/src/seed-tenant';
import { BUILT_IN, expectAtMenu, expectEndedHearing, expectExpiryIn, SAY } from '../support/call-in';
import { outboxRelayed } from '../support/settled';
import type { TestStack } from '../support/stack';
import { sharedCallInStack } from './shared-call-in-stack';

/**
 * The call-in path end to end: all five built apps over the real NATS and PostgreSQL, calls placed
 * as Twilio places them (signed form posts, following the TwiML and its Gather actions), what the
 * caller hears checked word for word against the tenant's prompts, and the agent's presence read
 * back from the presence app afterwards.
 */
const tenant = `call-in-${uniqueSuffix()}`;
const CONTACT = {
  callerId: '+15550100100',
  pin: '+15550100200',
  attested: '+15550100300',
};
const PIN = '4321';
const TIME_ZONE = 'America/New_York';

/** One agent per scenario, so that no test sees another's presence. */
const AGENTS = [
  'preset-1',
  'preset-2',
  'preset-3',
  'preset-4',
  'custom-12#',
  'custom-5',
  'custom-05',
  'custom-0',
  'custom-100',
  'menu-0',
  'invalid-then-valid',
  'three-invalid',
  'silence',
  'already-online',
  'caller-id',
  'pin-right',
  'pin-wrong',
  'pin-lockout',
  'pin-not-set',
  'attested-a',
  'not-attested',
] as const;
type AgentKey = (typeof AGENTS)[number];
const phoneOf = (key: AgentKey) => `+1555020${String(1000 + AGENTS.indexOf(key)).padStart(4, '0')}`;
const HAS_PIN: AgentKey[] = ['pin-right', 'pin-wrong', 'pin-lockout', 'attested-a', 'not-attested'];

describe('calling in: the Timed Presence IVR through dispatch, flow-runtime, identity, media and presence', () => {
  let stack: TestStack;
  let seeded: SeededTenant;
  const ids = new Map<AgentKey, string>();
  const agent = (key: AgentKey) => ({ id: ids.get(key)!, phone: phoneOf(key) });

  beforeAll(async () => {
    stack = await sharedCallInStack();
    const token = stack.token(tenant);
    const agents = AGENTS.map((key) => ({
      name: `Agent ${key}`,
      email: `${key.replace(/[^a-z0-9]/g, '')}@call-in.example`,
      phone: phoneOf(key),
      timeZone: TIME_ZONE,
      ...(HAS_PIN.includes(key) ? { pin: PIN } : {}),
    }));
    seeded = await seedTimedPresenceTenant(stack.urls, {
      token,
      platformToken: stack.platformToken(),
      contactPoint: CONTACT.callerId,
      agents,
      presetHours: [8, 24, 48, 72],
    });
    for (const a of seeded.agents)
      ids.set(
        AGENTS.find((k) => phoneOf(k) === a.phone)!,
        a.id,
      );
    // The same tenant's agents, through two more contact points whose flows ask for a PIN.
    await seedTimedPresenceTenant(stack.urls, {
      token,
      platformToken: stack.platformToken(),
      contactPoint: CONTACT.pin,
      agents: [],
      flowName: 'Timed Presence with PIN',
      callerVerification: 'pin',
    });
    await seedTimedPresenceTenant(stack.urls, {
      token,
      platformToken: stack.platformToken(),
      contactPoint: CONTACT.attested,
      agents: [],
      flowName: 'Timed Presence, PIN unless attested',
      callerVerification: 'pin-unless-attested',
    });
  }, 120_000);

  const dial = (from: string, to = CONTACT.callerId, stirVerstat?: string) =>
    stack.simulator().dial({ from, to, ...(stirVerstat ? { stirVerstat } : {}) });
  const presence = (key: AgentKey) => stack.presence(tenant, agent(key).id);
  const welcomeAndMenu = `${SAY.welcome} ${SAY['preset-hours']}`;
  const welcomeAndPin = `${SAY.welcome} ${BUILT_IN('pin-entry')}`;

  /** Dials as the agent and checks the greeting: Welcome, then the Preset Hours menu. */
  async function callAtMenu(key: AgentKey): Promise<SimulatedCall> {
    const call = await dial(agent(key).phone);
    expect(call.lastStatus).toBe(200);
    expect(call.lastContentType).toContain('text/xml');
    expect(call.lastSaid).toBe(welcomeAndMenu);
    expectAtMenu(call);
    return call;
  }

  async function putOnline(key: AgentKey, hours: number): Promise<void> {
    const response = await fetch(`${stack.urls.presence}/v1/presence/agents/${agent(key).id}/online`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token(tenant)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hours }),
    });
    expect(response.status).toBeLessThan(300);
  }

  /** Every presence change of the tenant so far (not the session records, which follow them). */
  const tenantEvents = async () =>
    (await readStream(stack.nc, 'PRESENCE_EVENTS', `presence.evt.${tenant}.>`)).filter(
      (m) => !m.subject.endsWith('.agent-session-closed.v1'),
    );

  describe('the preset menu', () => {
    it.each([
      ['preset-1', '1', 8],
      ['preset-2', '2', 24],
      ['preset-3', '3', 48],
      ['preset-4', '4', 72],
    ] as const)('%s: key %s puts the agent online for %i hours', async (key, digit, hours) => {
      const call = await callAtMenu(key);
      expect(call.lastHeard).toEqual([
        { kind: 'say', text: SAY.welcome, voice: 'Polly.Joanna', language: 'en-US' },
        { kind: 'say', text: SAY['preset-hours'], voice: 'Polly.Joanna', language: 'en-US' },
      ]);

      const before = Date.now();
      await call.press(digit);
      const after = Date.now();

      expectEndedHearing(call, SAY.online);
      const now = await presence(key);
      expect(now).toMatchObject({ state: 'online', reason: 'login', sequence: 1 });
      expectExpiryIn(now.expiresAt, hours, before, after);
    });

    it('0 at the menu puts an online agent offline with the Offline prompt', async () => {
      await putOnline('menu-0', 8);
      const call = await dial(agent('menu-0').phone);
      expectAtMenu(call);

      await call.press('0');

      expectEndedHearing(call, SAY.offline);
      expect(await presence('menu-0')).toMatchObject({
        state: 'offline',
        reason: 'agent-logoff',
        expiresAt: null,
      });
    });
  });

  describe('custom hours (9 at the menu)', () => {
    it.each([
      ['custom-12#', '12#', 12],
      ['custom-5', '5', 5],
      ['custom-05', '05', 5],
    ] as const)('%s: puts the agent online for that many hours', async (key, keys, hours) => {
      const call = await callAtMenu(key);
      await call.press('9');
      expect(call.lastSaid).toBe(SAY['custom-hours']);
      expect(call.gather).toMatchObject({ numDigits: 3, finishOnKey: '#' });

      const before = Date.now();
      await call.press(keys);
      const after = Date.now();

      expectEndedHearing(call, SAY.online);
      const now = await presence(key);
      expect(now).toMatchObject({ state: 'online', reason: 'login' });
      expectExpiryIn(now.expiresAt, hours, before, after);
    });

    it('0 puts the agent offline', async () => {
      await putOnline('custom-0', 8);
      const call = await dial(agent('custom-0').phone);
      await call.press('9');
      expect(call.lastSaid).toBe(SAY['custom-hours']);

      await call.press('0');

      expectEndedHearing(call, SAY.offline);
      expect(await presence('custom-0')).toMatchObject({ state: 'offline', reason: 'agent-logoff' });
    });

    it('100 is invalid: Invalid Input, the custom hours prompt again, nothing changed', async () => {
      const call = await callAtMenu('custom-100');
      await call.press('9');

      await call.press('100');

      expect(call.lastSaid).toBe(`${SAY['invalid-input']} ${SAY['custom-hours']}`);
      expect(call.ended).toBe(false);
      expect(call.gather).toMatchObject({ numDigits: 3, finishOnKey: '#' });
      expect(await presence('custom-100')).toMatchObject({ state: 'offline', sequence: 0 });
    });
  });

  describe('callers and wrong answers', () => {
    it.each([
      ['a number no user has', '+15550209999'],
      ['an anonymous caller', 'anonymous'],
    ])('%s hears the Resource Lookup Error, the call ends, nothing changes', async (_what, from) => {
      const before = (await tenantEvents()).length;

      const call = await dial(from);

      expectEndedHearing(call, SAY['resource-lookup-error']);
      await outboxRelayed(stack.pg, 'presence'); // anything presence wrote is on the stream now
      expect(await tenantEvents()).toHaveLength(before);
    });

    it('an invalid key, then a valid one: Invalid Input and the menu again, then online', async () => {
      const call = await callAtMenu('invalid-then-valid');

      await call.press('7');
      expect(call.lastSaid).toBe(`${SAY['invalid-input']} ${SAY['preset-hours']}`);
      expectAtMenu(call);
      expect(await presence('invalid-then-valid')).toMatchObject({ state: 'offline', sequence: 0 });

      const before = Date.now();
      await call.press('2');
      const after = Date.now();
      expectEndedHearing(call, SAY.online);
      expectExpiryIn((await presence('invalid-then-valid')).expiresAt, 24, before, after);
    });

    it('three invalid answers: a goodbye, the call ends, nothing changed', async () => {
      const call = await callAtMenu('three-invalid');

      await call.press('7');
      expect(call.lastSaid).toBe(`${SAY['invalid-input']} ${SAY['preset-hours']}`);
      await call.press('*');
      expect(call.lastSaid).toBe(`${SAY['invalid-input']} ${SAY['preset-hours']}`);
      await call.press('5');

      expectEndedHearing(call, BUILT_IN('too-many-attempts'));
      expect(call.lastSaid).toMatch(/Goodbye\.$/);
      expect(await presence('three-invalid')).toMatchObject({ state: 'offline', sequence: 0 });
    });

    it('silence at the menu counts as an invalid answer: Invalid Input and the menu again', async () => {
      const call = await callAtMenu('silence');

      await call.silence();
      expect(call.lastSaid).toBe(`${SAY['invalid-input']} ${SAY['preset-hours']}`);
      expectAtMenu(call);
      expect(await presence('silence')).toMatchObject({ state: 'offline', sequence: 0 });

      await call.silence();
      expect(call.lastSaid).toBe(`${SAY['invalid-input']} ${SAY['preset-hours']}`);
      await call.press('1');
      expectEndedHearing(call, SAY.online);
      expect(await presence('silence')).toMatchObject({ state: 'online' });
    });
  });

  it('an agent already online hears until when (in their time zone), then the menu; a new choice replaces the expiry', async () => {
    const first = await callAtMenu('already-online');
    await first.press('3'); // 48 hours
    const online = await presence('already-online');
    expect(online.state).toBe('online');

    const call = await dial(agent('already-online').phone);

    const until = formatOnlineUntil(new Date(online.expiresAt!), TIME_ZONE);
    expect(call.lastSaid).toBe(`${SAY.welcome} You are online until ${until}. ${SAY['preset-hours']}`);
    expectAtMenu(call);

    const before = Date.now();
    await call.press('1'); // 8 hours: earlier than what it replaces
    const after = Date.now();
    expectEndedHearing(call, SAY.online);
    const now = await presence('already-online');
    expect(now.sequence).toBeGreaterThan(online.sequence);
    expectExpiryIn(now.expiresAt, 8, before, after);
  });

  describe('caller verification', () => {
    it('caller-id: a recognised caller goes straight to the menu, whatever the attestation', async () => {
      const call = await dial(agent('caller-id').phone, CONTACT.callerId, 'TN-Validation-Failed');
      expect(call.lastSaid).toBe(welcomeAndMenu);
      expectAtMenu(call);
      await call.press('1');
      expectEndedHearing(call, SAY.online);
      expect(await presence('caller-id')).toMatchObject({ state: 'online' });
    });

    it('pin: the right PIN leads to the menu, then online', async () => {
      const call = await dial(agent('pin-right').phone, CONTACT.pin);
      expect(call.lastSaid).toBe(welcomeAndPin);
      expect(call.gather).toMatchObject({ numDigits: 8, finishOnKey: '#' });

      await call.press(`${PIN}#`);
      expect(call.lastSaid).toBe(SAY['preset-hours']);
      expectAtMenu(call);

      await call.press('2');
      expectEndedHearing(call, SAY.online);
      expect(await presence('pin-right')).toMatchObject({ state: 'online' });
    });

    it('pin: a wrong PIN is told and asked again; nothing changes until the right one', async () => {
      const call = await dial(agent('pin-wrong').phone, CONTACT.pin);

      await call.press('1111#');
      expect(call.lastSaid).toBe(`${BUILT_IN('pin-wrong')} ${BUILT_IN('pin-entry')}`);
      expect(call.gather).toMatchObject({ finishOnKey: '#' });
      expect(await presence('pin-wrong')).toMatchObject({ state: 'offline', sequence: 0 });

      await call.press(`${PIN}#`);
      expect(call.lastSaid).toBe(SAY['preset-hours']);
    });

    it('pin: wrong PINs count towards the lockout; a locked agent is told to try later, even with the right PIN', async () => {
      const phone = agent('pin-lockout').phone;
      const first = await dial(phone, CONTACT.pin);
      await first.press('1111#');
      await first.press('2222#');
      await first.press('3333#'); // the third invalid answer of the call
      expectEndedHearing(first, BUILT_IN('too-many-attempts'));

      const second = await dial(phone, CONTACT.pin);
      await second.press('4444#');
      expect(second.lastSaid).toBe(`${BUILT_IN('pin-wrong')} ${BUILT_IN('pin-entry')}`);
      await second.press('5555#'); // the fifth wrong PIN within 15 minutes
      expectEndedHearing(second, BUILT_IN('pin-locked'));

      const third = await dial(phone, CONTACT.pin);
      await third.press(`${PIN}#`);
      expectEndedHearing(third, BUILT_IN('pin-locked'));
      expect(await presence('pin-lockout')).toMatchObject({ state: 'offline', sequence: 0 });
    });

    it('pin: an agent without a PIN is told to ask the administrator; nothing changes', async () => {
      const call = await dial(agent('pin-not-set').phone, CONTACT.pin);
      expectEndedHearing(call, `${SAY.welcome} ${BUILT_IN('pin-not-set')}`);
      expect(await presence('pin-not-set')).toMatchObject({ state: 'offline', sequence: 0 });
    });

    it('pin-unless-attested: StirVerstat TN-Validation-Passed-A skips the PIN', async () => {
      const call = await dial(agent('attested-a').phone, CONTACT.attested, 'TN-Validation-Passed-A');
      expect(call.lastSaid).toBe(welcomeAndMenu);
      expectAtMenu(call);
      await call.press('1');
      expectEndedHearing(call, SAY.online);
      expect(await presence('attested-a')).toMatchObject({ state: 'online' });
    });

    it.each([
      ['no StirVerstat', undefined],
      ['TN-Validation-Passed-B', 'TN-Validation-Passed-B'],
      ['TN-Validation-Failed', 'TN-Validation-Failed'],
    ])('pin-unless-attested: with %s the PIN is asked', async (_what, stirVerstat) => {
      const call = await dial(agent('not-attested').phone, CONTACT.attested, stirVerstat);
      expect(call.lastSaid).toBe(welcomeAndPin);
      await call.press(`${PIN}#`);
      expect(call.lastSaid).toBe(SAY['preset-hours']);
      expectAtMenu(call);
    });
  });
});
