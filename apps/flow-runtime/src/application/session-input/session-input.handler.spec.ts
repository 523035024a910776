import { APOLOGY_TEXT, builtInText, timedPresenceSettings } from '@tp/flow-domain';
import { FakeAgentDirectory, timedPresenceParams } from '@tp/fakes';
import {
  ANN,
  CALL,
  heard,
  loginCalls,
  loginFixture,
  loginWithFlow,
} from '../../testing/session-handlers.fixture';
import { StartSessionHandler } from '../start-session/start-session.handler';
import { SessionInputCommand } from './session-input.command';
import { SessionInputHandler } from './session-input.handler';

describe(SessionInputHandler.name, () => {
  let { clock, flows, sessions, agents, presence, prompts, start, input } = loginFixture();
  let flowId = '';

  beforeEach(async () => {
    ({ clock, flows, sessions, agents, presence, prompts, start, input, flowId } = await loginWithFlow());
  });

  const { call, press, publishedFlow } = loginCalls(() => ({ flows, clock, start, input, flowId }));

  it.each([
    ['1', 8],
    ['2', 24],
    ['3', 48],
    ['4', 72],
  ])('puts the agent online for the preset of key %s (%i hours) and confirms', async (key, hours) => {
    const reply = await press(await call(), key);

    expect(heard(reply)).toEqual(['<p-online>', '(hangup)']);
    expect([reply.turn, reply.done]).toEqual([2, true]);
    expect(presence.logins).toEqual([
      { tenantId: 'acme', agentId: 'ann', hours, maxHours: 99, callSid: CALL, flowId, via: 'ivr-preset' },
    ]);
    await expect(sessions.lastLogin('acme', 'ann')).resolves.toMatchObject({
      flowId,
      flowVersion: 1,
      callSid: CALL,
    });
  });

  it.each([
    ['12#', 12],
    ['5', 5],
    ['05', 5],
  ])('takes custom hours %s after 9', async (keys, hours) => {
    const custom = await press(await call(), '9');
    const reply = await press(custom, keys);

    expect(heard(custom)).toEqual(['<p-custom-hours>', '(collect custom-hours)']);
    expect(heard(reply)).toEqual(['<p-online>', '(hangup)']);
    expect(presence.logins.map((l) => [l.hours, l.via])).toEqual([[hours, 'ivr-custom-hours']]);
  });

  it.each([
    ['0 at the menu', ['0']],
    ['0 as custom hours', ['9', '0']],
  ])('puts the agent offline on %s', async (_case, keys) => {
    presence.set('acme', 'ann', { state: 'online', expiresAt: new Date('2026-03-02T20:00:00.000Z') });
    let turn = await call();
    for (const key of keys) turn = await press(turn, key);

    expect(heard(turn)).toEqual(['<p-offline>', '(hangup)']);
    expect(presence.logoffs).toEqual([{ tenantId: 'acme', agentId: 'ann' }]);
    expect(presence.logins).toEqual([]);
  });

  it('repeats the menu after a wrong key or silence, and gives up after the third, changing nothing', async () => {
    const first = await call();
    const wrong = await press(first, '7');
    const silent = await press(wrong, null);
    const last = await press(silent, '100');

    expect(heard(wrong)).toEqual(['<p-invalid-input>', '<p-preset-hours>', '(collect preset-menu)']);
    expect(heard(silent)).toEqual(['<p-invalid-input>', '<p-preset-hours>', '(collect preset-menu)']);
    expect(heard(last)).toEqual([
      builtInText('too-many-attempts', timedPresenceSettings(timedPresenceParams())),
      '(hangup)',
    ]);
    expect(last.done).toBe(true);
    expect([presence.logins, presence.logoffs]).toEqual([[], []]);
  });

  it('counts custom hours above the maximum as invalid, then takes a valid entry', async () => {
    const custom = await press(await call(), '9');
    const again = await press(custom, '100');
    const online = await press(again, '08');

    expect(heard(again)).toEqual(['<p-invalid-input>', '<p-custom-hours>', '(collect custom-hours)']);
    expect(heard(online)).toEqual(['<p-online>', '(hangup)']);
    expect(presence.logins.map((l) => l.hours)).toEqual([8]);
  });

  describe('with "until a time of day" on key 5', () => {
    beforeEach(async () => {
      const roles = {
        ...(timedPresenceParams().prompts as object),
        'until-time': 'p-until-time',
        'until-time-confirm': 'p-until-time-confirm',
      };
      prompts.addSpoken('acme', ['p-until-time', 'p-until-time-confirm']);
      flowId = await publishedFlow(timedPresenceParams({ untilTime: true, prompts: roles }));
    });

    it('asks for the time, reads it back in the agent’s zone at the time the keys came, and goes online until it on 1', async () => {
      const ask = await press(await call(), '5');
      clock.set('2026-03-02T23:00:00.000Z'); // 17:00 in Chicago
      const readback = await press(ask, '0900');
      const done = await press(readback, '1');

      expect(heard(ask)).toEqual(['<p-until-time>', '(collect until-time)']);
      expect(heard(readback)).toEqual([
        'You will be online until 9:00 AM tomorrow.',
        '<p-until-time-confirm>',
        '(collect until-time-confirm)',
      ]);
      expect(heard(done)).toEqual(['<p-online>', '(hangup)']);
      expect(presence.logins).toEqual([
        {
          tenantId: 'acme',
          agentId: 'ann',
          until: '2026-03-03T15:00:00.000Z',
          via: 'ivr-until-time',
          maxHours: 99,
          callSid: CALL,
          flowId,
        },
      ]);
    });

    it('repeats the question after an invalid time, changing nothing', async () => {
      const again = await press(await press(await call(), '5'), '2460');

      expect(heard(again)).toEqual(['<p-invalid-input>', '<p-until-time>', '(collect until-time)']);
      expect(presence.logins).toEqual([]);
    });
  });

  describe('with a PIN policy', () => {
    beforeEach(async () => {
      flowId = await publishedFlow(timedPresenceParams({ callerVerification: 'pin' }));
    });

    it('asks for the PIN after the welcome, and lets the right one in', async () => {
      const first = await call();
      const menu = await press(first, '4321#');

      expect(heard(first)).toEqual([
        '<p-welcome>',
        builtInText('pin-entry', timedPresenceSettings(timedPresenceParams())),
        '(collect pin)',
      ]);
      expect(heard(menu)).toEqual(['<p-preset-hours>', '(collect preset-menu)']);
      expect(agents.pinChecks).toEqual([{ userId: 'ann', callSid: CALL, result: 'ok' }]);
    });

    it('says a wrong PIN is wrong and asks again', async () => {
      const again = await press(await call(), '1111');

      expect(heard(again).slice(-1)).toEqual(['(collect pin)']);
      expect(heard(again)[0]).toContain('That PIN is not correct');
    });

    it('tells a locked agent to try later and hangs up', async () => {
      agents = new FakeAgentDirectory(1).add({ phone: ANN, userId: 'ann', pin: '4321' });
      input = new SessionInputHandler(flows, sessions, agents, presence, prompts, clock, {
        FLOW_RUNTIME_DEADLINE_MS: 1500,
      });
      start = new StartSessionHandler(flows, sessions, agents, presence, prompts, clock, {
        FLOW_RUNTIME_DEADLINE_MS: 1500,
      });

      const locked = await press(await call(), '1111');

      expect(heard(locked)[0]).toContain('locked');
      expect(locked.done).toBe(true);
    });
  });

  it('answers retried keys with the stored reply and acts once, also when both arrive at once', async () => {
    const first = await call();
    const [a, b] = await Promise.all([press(first, '1'), press(first, '1')]);
    const later = await press(first, '1');

    expect(b).toEqual(a);
    expect(later).toEqual(a);
    expect(presence.logins).toHaveLength(1);
  });

  it('refuses keys for a turn the session is not at, and for a session it does not know', async () => {
    const first = await call();

    await expect(
      input.execute(new SessionInputCommand('acme', first.sessionId, 2, '1')),
    ).rejects.toMatchObject({
      code: 'FLOW.SESSION_TURN_MISMATCH',
    });
    await expect(
      input.execute(new SessionInputCommand('globex', first.sessionId, 1, '1')),
    ).rejects.toMatchObject({
      code: 'FLOW.SESSION_NOT_FOUND',
    });
  });

  it('apologises when presence is down, claims nothing, and takes the same keys again later', async () => {
    const first = await call();
    presence.goDown();

    const sorry = await press(first, '2');
    presence.comeBack();
    const online = await press(first, '2');

    expect(sorry).toEqual({
      sessionId: first.sessionId,
      turn: 2,
      done: true,
      steps: [{ type: 'say', text: APOLOGY_TEXT }, { type: 'hangup' }],
    });
    expect(heard(online)).toEqual(['<p-online>', '(hangup)']);
    expect(presence.logins).toHaveLength(1);
  });

  it("gives presence only what is left of the caller's wait, and with none left apologises and claims nothing", async () => {
    const first = await call();

    const sorry = await input.execute(new SessionInputCommand('acme', first.sessionId, first.turn, '2', 0));
    const online = await input.execute(
      new SessionInputCommand('acme', first.sessionId, first.turn, '2', 300),
    );

    expect(heard(sorry)).toEqual([APOLOGY_TEXT, '(hangup)']);
    expect(heard(online)).toEqual(['<p-online>', '(hangup)']);
    expect(presence.logins).toHaveLength(1);
    expect(presence.budgetsMs.at(-1)).toBeGreaterThan(0);
    expect(presence.budgetsMs.at(-1)).toBeLessThanOrEqual(300); // not flow-runtime's own 1500 ms
  });
});
