import type { ChannelStep, SessionTurn } from '@tp/contracts';
import { APOLOGY_TEXT, builtInText, Flow, timedPresenceSettings } from '@tp/flow-domain';
import {
  FakeAgentDirectory,
  FakePresenceGateway,
  FakePromptCatalog,
  FixedClock,
  InMemoryFlowRepository,
  InMemoryFlowSessionRepository,
  loginGraph,
  promptIdsByRole,
  timedPresenceParams,
} from '@tp/fakes';
import { ExpiryNoticeHandler } from './expiry-notice/expiry-notice.handler';
import { ExpiryNoticeQuery } from './expiry-notice/expiry-notice.query';
import { SessionInputCommand } from './session-input/session-input.command';
import { SessionInputHandler } from './session-input/session-input.handler';
import { StartSessionCommand } from './start-session/start-session.command';
import { StartSessionHandler } from './start-session/start-session.handler';

const T0 = '2026-03-02T15:00:00.000Z'; // a Monday, 9:00 AM in Chicago
const ANN = '+14155550100';
const CALL = `CA${'a'.repeat(32)}`;

/** What a caller hears of a turn: `<prompt id>` for the tenant's prompts, the words of anything else. */
function heard(turn: SessionTurn): string[] {
  const speech = (s: ChannelStep): string[] =>
    s.type === 'say'
      ? [s.text]
      : s.type === 'play'
        ? [s.url]
        : s.type === 'collect'
          ? [...s.prompts.flatMap(speech), `(collect ${s.purpose})`]
          : [`(${s.type})`];
  return turn.steps.flatMap(speech);
}

describe('session handlers: the Timed Presence IVR through StartSession and SessionInput', () => {
  let clock: FixedClock;
  let flows: InMemoryFlowRepository;
  let sessions: InMemoryFlowSessionRepository;
  let agents: FakeAgentDirectory;
  let presence: FakePresenceGateway;
  let prompts: FakePromptCatalog;
  let start: StartSessionHandler;
  let input: SessionInputHandler;
  let flowId: string;

  beforeEach(async () => {
    clock = new FixedClock(T0);
    flows = new InMemoryFlowRepository();
    sessions = new InMemoryFlowSessionRepository();
    agents = new FakeAgentDirectory().add({
      phone: ANN,
      userId: 'ann',
      timeZone: 'America/Chicago',
      pin: '4321',
    });
    presence = new FakePresenceGateway(clock);
    prompts = new FakePromptCatalog().addSpoken('acme', Object.values(promptIdsByRole()));
    const deadlines = { FLOW_RUNTIME_DEADLINE_MS: 1500 };
    start = new StartSessionHandler(flows, sessions, agents, presence, prompts, clock, deadlines);
    input = new SessionInputHandler(flows, sessions, agents, presence, prompts, clock, deadlines);
    flowId = await publishedFlow();
  });

  async function publishedFlow(params: Record<string, unknown> = timedPresenceParams()): Promise<string> {
    const flow = Flow.create(
      { id: flows.nextId(), tenantId: 'acme', name: `Login ${flows.nextId()}` },
      clock.now(),
    );
    flow.publish(flow.addVersion(loginGraph(params), clock.now()), clock.now());
    await flows.save(flow);
    return flow.id;
  }

  const call = (from = ANN, options: { callSid?: string; flow?: string; stirVerstat?: string } = {}) =>
    start.execute(
      new StartSessionCommand(
        'acme',
        options.flow ?? flowId,
        options.callSid ?? CALL,
        from,
        options.stirVerstat,
      ),
    );
  const press = (session: SessionTurn, digits: string | null) =>
    input.execute(new SessionInputCommand('acme', session.sessionId, session.turn, digits));

  it('welcomes a known caller with the preset menu, nested in the collect so keys barge in', async () => {
    const first = await call();

    expect(first).toEqual({
      sessionId: 'session-1',
      turn: 1,
      done: false,
      steps: [
        {
          type: 'collect',
          purpose: 'preset-menu',
          maxDigits: 1,
          timeoutS: 5,
          finishOnKey: '',
          prompts: [
            { type: 'say', text: '<p-welcome>', voice: 'Polly.Joanna', language: 'en-US' },
            { type: 'say', text: '<p-preset-hours>', voice: 'Polly.Joanna', language: 'en-US' },
          ],
        },
      ],
    });
  });

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
      { tenantId: 'acme', agentId: 'ann', hours, maxHours: 99, callSid: CALL, flowId },
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
    expect(presence.logins.map((l) => l.hours)).toEqual([hours]);
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

  it('tells an unknown caller so and hangs up, changing nothing', async () => {
    const reply = await call('+14155550199');

    expect(heard(reply)).toEqual(['<p-resource-lookup-error>', '(hangup)']);
    expect(reply.done).toBe(true);
    await expect(press(reply, '1')).rejects.toMatchObject({ code: 'FLOW.SESSION_ENDED' });
  });

  it.each(['anonymous', '', 'client:alice'])(
    'does not even ask identity about the caller ID %p',
    async (from) => {
      const reply = await call(from);

      expect(heard(reply)).toEqual(['<p-resource-lookup-error>', '(hangup)']);
      expect(agents.lookups).toEqual([]);
    },
  );

  it('reads back until when an online agent is online, in their time zone, before the menu', async () => {
    presence.set('acme', 'ann', { state: 'online', expiresAt: new Date('2026-03-03T23:00:00.000Z') });

    const reply = await call();

    expect(heard(reply)).toEqual([
      '<p-welcome>',
      'You are online until Tuesday at 5:00 PM.',
      '<p-preset-hours>',
      '(collect preset-menu)',
    ]);
  });

  it('reads back a busy agent too', async () => {
    presence.set('acme', 'ann', { state: 'busy', expiresAt: new Date('2026-03-03T23:00:00.000Z') });

    expect(heard(await call())[1]).toBe('You are on a call; you are online until Tuesday at 5:00 PM.');
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

    it('never lets in an agent who has no PIN', async () => {
      agents.add({ phone: '+14155550111', userId: 'bob' });

      const reply = await call('+14155550111');

      expect(heard(reply)[1]).toContain('you have none yet');
      expect(reply.done).toBe(true);
    });

    it('skips the PIN for a fully attested caller ID under pin-unless-attested', async () => {
      flowId = await publishedFlow(timedPresenceParams({ callerVerification: 'pin-unless-attested' }));

      const attested = await call(ANN, { stirVerstat: 'TN-Validation-Passed-A' });
      const partly = await call(ANN, {
        stirVerstat: 'TN-Validation-Passed-B',
        callSid: `CA${'b'.repeat(32)}`,
      });

      expect(heard(attested).slice(-1)).toEqual(['(collect preset-menu)']);
      expect(heard(partly).slice(-1)).toEqual(['(collect pin)']);
    });
  });

  it('answers a retried start with the first turn, keeping one session', async () => {
    const first = await call();
    const retried = await call();

    expect(retried).toEqual(first);
    expect(sessions.all('acme')).toHaveLength(1);
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

  it('apologises when identity is down at the start, and stores no session', async () => {
    agents.goDown();

    const sorry = await call();

    expect(heard(sorry)).toEqual([APOLOGY_TEXT, '(hangup)']);
    expect(sessions.all('acme')).toEqual([]);
  });

  it('speaks the built-in wording when media does not deliver the prompts', async () => {
    prompts.goDown();

    const reply = await call();

    expect(heard(reply)).toEqual([
      'Welcome to timed presence.',
      builtInText('preset-hours', timedPresenceSettings(timedPresenceParams())),
      '(collect preset-menu)',
    ]);
  });

  it('refuses to run a flow that is not published, or not there', async () => {
    const draft = Flow.create({ id: 'flow-draft', tenantId: 'acme', name: 'Draft' }, clock.now());
    draft.addVersion(loginGraph(), clock.now());
    await flows.save(draft);

    await expect(call(ANN, { flow: 'flow-draft' })).rejects.toMatchObject({ code: 'FLOW.NOT_PUBLISHED' });
    await expect(call(ANN, { flow: 'flow-none' })).rejects.toMatchObject({ code: 'FLOW.NOT_FOUND' });
  });

  describe('expiry notice', () => {
    const notice = (agentId = 'ann') =>
      new ExpiryNoticeHandler(flows, sessions, prompts, { FLOW_RUNTIME_DEADLINE_MS: 1500 }).execute(
        new ExpiryNoticeQuery('acme', agentId),
      );

    it('asks for a call with the Offline prompt when the login flow wants one', async () => {
      flowId = await publishedFlow(timedPresenceParams({ notifyOnExpiry: true }));
      await press(await call(), '1');

      await expect(notice()).resolves.toEqual({
        notify: true,
        flowId,
        steps: [
          { type: 'pause', seconds: 1 },
          { type: 'say', text: '<p-offline>', voice: 'Polly.Joanna', language: 'en-US' },
        ],
      });
    });

    it('asks for none when the flow does not want one, or the agent never signed in by phone', async () => {
      await press(await call(), '1');

      await expect(notice()).resolves.toEqual({ notify: false });
      await expect(notice('bob')).resolves.toEqual({ notify: false });
    });
  });
});
