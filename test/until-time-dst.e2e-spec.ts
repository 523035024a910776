import type { CloudEvent, PresenceEventDataV1 } from '@tp/contracts';
import { OffsetClock, readStream, uniqueSuffix } from '@tp/stack-harness';
import { type SimulatedCall } from '@tp/twilio-simulator';
import { seedTimedPresenceTenant, type SeededTenant } from '../libs/stack-harness/src/seed-tenant';
import { SAY, expectAtMenu, expectEndedHearing } from './support/call-in';
import { startInProcessTestStack, type InProcessTestStack } from './support/in-process-stack';
import { outboxRelayed } from './support/settled';

/**
 * "Online until a time of day" (ADR 27) and custom hours on daylight-saving nights, end to end: a
 * simulated call through dispatch, the real apps, NATS and PostgreSQL. The apps run in this process
 * on one shared clock set to the night (the real time moved by an offset, so timeouts and RPC
 * deadlines run as ever); what is checked is the instant the IVR chose, as presence's API answers
 * it and as the agent-went-online event carries it. The expiries lie hours ahead, so none fires
 * here (the sweeper compares `expires_at` with the same clock). PostgreSQL's `now()` stays the real
 * time; the apps use it only for bookkeeping columns (`updated_at`, `sent_at`), not for a decision.
 *
 * The expected instants are written out, not computed with the code under test:
 * - New York springs forward on 2027-03-14 at 02:00 EST (07:00Z) to 03:00 EDT;
 * - Berlin falls back on 2027-10-31 at 03:00 CEST (01:00Z) to 02:00 CET;
 * - New York falls back on 2027-11-07 at 02:00 EDT (06:00Z) to 01:00 EST.
 */
const tenant = `until-dst-${uniqueSuffix()}`;
const CONTACT = '+15550100700';
const NEW_YORK = 'America/New_York';
const BERLIN = 'Europe/Berlin';

const AGENTS = {
  'spring-0330': NEW_YORK,
  'spring-0230': NEW_YORK,
  'berlin-first-0230': BERLIN,
  'berlin-second-0230': BERLIN,
  'fall-0130': NEW_YORK,
  'fall-2-hours': NEW_YORK,
  'fall-preset-8': NEW_YORK,
} as const;
type AgentKey = keyof typeof AGENTS;
const KEYS = Object.keys(AGENTS) as AgentKey[];
const phoneOf = (key: AgentKey) => `+1555070${String(1000 + KEYS.indexOf(key)).padStart(4, '0')}`;

describe('online until a time of day across daylight-saving changes, on the stack’s own clock', () => {
  const clock = new OffsetClock();
  let stack: InProcessTestStack;
  let seeded: SeededTenant;
  const idOf = (key: AgentKey) => seeded.agents.find((a) => a.phone === phoneOf(key))!.id;

  beforeAll(async () => {
    stack = await startInProcessTestStack('until_dst', clock);
    seeded = await seedTimedPresenceTenant(stack.urls, {
      token: stack.token(tenant),
      platformToken: stack.platformToken(),
      contactPoint: CONTACT,
      untilTime: true,
      agents: KEYS.map((key) => ({
        name: `Agent ${key}`,
        email: `${key}@until-dst.example`,
        phone: phoneOf(key),
        timeZone: AGENTS[key],
      })),
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  /** The agent's agent-went-online event, once presence's outbox has published it. */
  async function wentOnline(key: AgentKey): Promise<CloudEvent<PresenceEventDataV1>> {
    await outboxRelayed(stack.pg, 'presence');
    const events = await readStream(
      stack.nc,
      'PRESENCE_EVENTS',
      `presence.evt.${tenant}.agent-went-online.v1`,
    );
    const mine = events.filter((m) => (m.event.data as PresenceEventDataV1).agentId === idOf(key));
    expect(mine).toHaveLength(1);
    return mine[0].event as CloudEvent<PresenceEventDataV1>;
  }

  async function callAtMenu(key: AgentKey): Promise<SimulatedCall> {
    const call = await stack.simulator().dial({ from: phoneOf(key), to: CONTACT });
    expect(call.lastSaid).toBe(`${SAY.welcome} ${SAY['preset-hours']}`);
    expectAtMenu(call);
    return call;
  }

  it.each([
    // 00:30 EST; 03:30 EDT is 2 hours later, not 3.
    ['spring-0330', '2027-03-14T05:30:00Z', '0330', '3:30 AM today', '2027-03-14T07:30:00.000Z'],
    // 02:30 does not exist that night: later by the gap, 03:30 EDT.
    ['spring-0230', '2027-03-14T05:30:00Z', '0230', '3:30 AM today', '2027-03-14T07:30:00.000Z'],
    // 01:45 CEST; 02:30 comes twice, the first (CEST) is 45 minutes later.
    ['berlin-first-0230', '2027-10-30T23:45:00Z', '0230', '2:30 AM today', '2027-10-31T00:30:00.000Z'],
    // 02:45 CEST, the first 02:30 has passed: the second (CET) is 45 minutes later, not tomorrow.
    ['berlin-second-0230', '2027-10-31T00:45:00Z', '0230', '2:30 AM today', '2027-10-31T01:30:00.000Z'],
    // 00:30 EDT; 01:30 comes twice, the first (EDT) is an hour later.
    ['fall-0130', '2027-11-07T04:30:00Z', '0130', '1:30 AM today', '2027-11-07T05:30:00.000Z'],
  ] as const)(
    '%s: at %s, 5 then %s is read back as %s, and 1 puts the agent online until %s',
    async (key, at, keys, readBack, until) => {
      clock.setTo(at);
      const call = await callAtMenu(key);
      await call.press('5');
      expect(call.lastSaid).toBe(SAY['until-time']);

      await call.press(keys);

      expect(call.lastSaid).toBe(`You will be online until ${readBack}. ${SAY['until-time-confirm']}`);
      expect(call.gather).toMatchObject({ numDigits: 1, finishOnKey: '' });

      await call.press('1');

      expectEndedHearing(call, SAY.online);
      expect(await stack.presence(tenant, idOf(key))).toMatchObject({
        state: 'online',
        reason: 'login',
        expiresAt: until,
      });
      const event = await wentOnline(key);
      expect(event.data).toMatchObject({
        state: 'online',
        reason: 'login',
        via: 'ivr-until-time',
        expiresAt: until,
      });
      // The event happened on the stack's night, not today.
      expect(Math.abs(Date.parse(event.data.occurredAt) - Date.parse(at))).toBeLessThan(60_000);
    },
  );

  it.each([
    // 2 hours from 00:30 EDT (04:30Z) end at 06:30Z: 01:30 EST, one hour later on the wall clock.
    ['fall-2-hours', ['9', '2#'], 'ivr-custom-hours', 2, '2027-11-07T06:30'],
    // Preset 1 (8 hours) from 00:30 EDT ends at 12:30Z: 07:30 EST, seven hours later on the wall clock.
    ['fall-preset-8', ['1'], 'ivr-preset', 8, '2027-11-07T12:30'],
  ] as const)(
    '%s: at 00:30 EDT on the fall-back night, %j (%s) lasts exactly %i hours of real time, to %s',
    async (key, presses, via, hours, untilMinute) => {
      clock.setTo('2027-11-07T04:30:00Z');
      const call = await callAtMenu(key);
      const before = clock.now().getTime();
      for (const keys of presses) await call.press(keys);
      const after = clock.now().getTime();

      expectEndedHearing(call, SAY.online);
      const event = await wentOnline(key);
      expect(event.data).toMatchObject({ state: 'online', reason: 'login', via });
      const started = Date.parse(event.data.occurredAt);
      expect(started).toBeGreaterThanOrEqual(before);
      expect(started).toBeLessThanOrEqual(after);
      expect(Date.parse(event.data.expiresAt!) - started).toBe(hours * 3_600_000);
      // The call takes well under a minute from 04:30:00Z.
      expect(event.data.expiresAt!.slice(0, 16)).toBe(untilMinute);
      expect(await stack.presence(tenant, idOf(key))).toMatchObject({
        state: 'online',
        expiresAt: event.data.expiresAt,
      });
    },
  );
});
