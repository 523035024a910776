import { formatTimeOfDay, instantsAt, nextDay, wallClockAt } from '@tp/timed-presence-domain';
import { uniqueSuffix } from '@tp/stack-harness';
import { type SimulatedCall } from '@tp/twilio-simulator';
import { seedTimedPresenceTenant, type SeededTenant } from '../../libs/stack-harness/src/seed-tenant';
import { SAY, expectAtMenu, expectEndedHearing } from '../support/call-in';
import type { TestStack } from '../support/stack';
import { sharedCallInStack } from './shared-call-in-stack';

/**
 * "Online until a time of day" end to end: key 5, four digits HHMM in the agent's zone, the
 * read-back, 1 to confirm, and the expiry presence then holds. The stack runs on the real clock, so
 * the agents get a fixed-offset zone (`Etc/GMT±N`) in which it is now 17:xx: 18:30 is later today,
 * 09:00 is tomorrow.
 */
const tenant = `until-time-${uniqueSuffix()}`;
const CONTACT = '+15550100500';

/** The `Etc/GMT±N` zone in which the wall clock now shows 17:xx (the sign of Etc zones is inverted). */
function zoneAtFivePm(now = new Date()): string {
  let offset = 17 - now.getUTCHours();
  if (offset > 14) offset -= 24;
  if (offset < -12) offset += 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
/** Chosen once the stack is up, right before the agents are seeded. */
let zone = 'UTC';

const AGENTS = ['today', 'tomorrow', 'invalid'] as const;
type AgentKey = (typeof AGENTS)[number];
const phoneOf = (key: AgentKey) => `+1555050${String(1000 + AGENTS.indexOf(key)).padStart(4, '0')}`;

/** The next instant after `now` at which the zone's wall clock shows hour:minute, and whether that is today. */
function expectedEnd(hour: number, minute: number, now: Date): { until: Date; day: 'today' | 'tomorrow' } {
  const today = wallClockAt(now, zone);
  const later = instantsAt(today, { hour, minute }, zone).find((t) => t > now);
  return later
    ? { until: later, day: 'today' }
    : { until: instantsAt(nextDay(today), { hour, minute }, zone)[0], day: 'tomorrow' };
}

describe('online until a time of day: key 5, HHMM in the agent’s zone, read back, 1 confirms', () => {
  let stack: TestStack;
  let seeded: SeededTenant;
  const idOf = (key: AgentKey) => seeded.agents.find((a) => a.phone === phoneOf(key))!.id;

  beforeAll(async () => {
    stack = await sharedCallInStack();
    zone = zoneAtFivePm();
    seeded = await seedTimedPresenceTenant(stack.urls, {
      token: stack.token(tenant),
      platformToken: stack.platformToken(),
      contactPoint: CONTACT,
      untilTime: true,
      agents: AGENTS.map((key) => ({
        name: `Agent ${key}`,
        email: `${key}@until-time.example`,
        phone: phoneOf(key),
        timeZone: zone,
      })),
    });
  }, 120_000);

  async function askForTheTime(key: AgentKey): Promise<SimulatedCall> {
    const call = await stack.simulator().dial({ from: phoneOf(key), to: CONTACT });
    expect(call.lastSaid).toBe(`${SAY.welcome} ${SAY['preset-hours']}`);
    expectAtMenu(call);
    await call.press('5');
    expect(call.lastSaid).toBe(SAY['until-time']);
    expect(call.gather).toMatchObject({ numDigits: 4, finishOnKey: '#' });
    return call;
  }

  it.each([
    ['today', '1830', 18, 30],
    ['tomorrow', '0900', 9, 0],
  ] as const)(
    'at 17:xx local, %s: %s is read back, and 1 puts the agent online until then',
    async (key, keys, hour, minute) => {
      // 17:xx, or 18:0x when the hour turned since the zone was chosen: 18:30 is still to come.
      expect([17, 18]).toContain(wallClockAt(new Date(), zone).hour);
      const call = await askForTheTime(key);

      const expected = expectedEnd(hour, minute, new Date());
      await call.press(keys);

      expect(expected.day).toBe(key);
      const time = formatTimeOfDay(expected.until, zone);
      expect(time).toBe(hour === 18 ? '6:30 PM' : '9:00 AM');
      expect(call.lastSaid).toBe(`You will be online until ${time} ${key}. ${SAY['until-time-confirm']}`);
      expect(call.gather).toMatchObject({ numDigits: 1, finishOnKey: '' });
      expect(await stack.presence(tenant, idOf(key))).toMatchObject({ state: 'offline', sequence: 0 });

      await call.press('1');

      expectEndedHearing(call, SAY.online);
      expect(await stack.presence(tenant, idOf(key))).toMatchObject({
        state: 'online',
        reason: 'login',
        expiresAt: expected.until.toISOString(),
      });
    },
  );

  it('an invalid time (2460, then 99) is invalid input and asks again; nothing changes', async () => {
    const call = await askForTheTime('invalid');

    for (const keys of ['2460', '99']) {
      await call.press(keys);
      expect(call.lastSaid).toBe(`${SAY['invalid-input']} ${SAY['until-time']}`);
      expect(call.ended).toBe(false);
      expect(call.gather).toMatchObject({ numDigits: 4, finishOnKey: '#' });
    }
    expect(await stack.presence(tenant, idOf('invalid'))).toMatchObject({ state: 'offline', sequence: 0 });
  });
});
