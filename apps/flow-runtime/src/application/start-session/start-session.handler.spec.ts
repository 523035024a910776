import { APOLOGY_TEXT, builtInText, Flow, timedPresenceSettings } from '@tp/flow-domain';
import { customerPromptIds, loginGraph, timedPresenceParams } from '@tp/fakes';
import {
  ANN,
  customerCalls,
  customerFixture,
  customerWithFlow,
  heard,
  loginCalls,
  loginFixture,
  loginWithFlow,
} from '../../testing/session-handlers.fixture';
import { StartSessionHandler } from './start-session.handler';

const IDS = customerPromptIds();

describe(StartSessionHandler.name, () => {
  describe('a customer flow', () => {
    let { clock, flows, sessions, agents, start, result } = customerFixture();
    let flowId = '';

    beforeEach(async () => {
      ({ clock, flows, sessions, agents, start, result, flowId } = await customerWithFlow());
    });

    const { call, published } = customerCalls(() => ({ flows, clock, start, result, flowId }));

    it('greets the caller and puts them in the queue, looking nobody up', async () => {
      const first = await call();

      expect(first).toEqual({
        sessionId: 'session-1',
        turn: 1,
        done: false,
        steps: [
          { type: 'say', text: `<${IDS.greeting}>`, voice: 'Polly.Joanna', language: 'en-US' },
          {
            type: 'enqueue',
            queueNodeId: 'queue',
            queueName: 'Support',
            requiredSkills: ['support'],
            priority: 0,
            maxWaitS: 60,
            hold: [{ type: 'say', text: `<${IDS.hold}>`, voice: 'Polly.Joanna', language: 'en-US' }],
          },
        ],
      });
      expect(agents.lookups).toEqual([]);
      expect(sessions.all('acme')).toMatchObject([
        { activity: 'customer', waitingAt: 'queue', status: 'active', callerUserId: null, ivr: null },
      ]);
    });

    it('answers a retried start with the first turn, keeping one session', async () => {
      const first = await call();
      await expect(call()).resolves.toEqual(first);
      expect(sessions.all('acme')).toHaveLength(1);
    });

    it('ends a flow that goes straight from the Entry to the Exit with a hangup', async () => {
      const flow = await published({
        nodes: [
          { id: 'in', kind: 'entry' },
          { id: 'out', kind: 'exit' },
        ],
        edges: [{ from: 'in', to: 'out' }],
      });
      await expect(call(flow)).resolves.toMatchObject({ steps: [{ type: 'hangup' }], done: true });
    });
  });

  describe('the Timed Presence login', () => {
    let { clock, flows, sessions, agents, presence, prompts, start, input } = loginFixture();
    let flowId = '';

    beforeEach(async () => {
      ({ clock, flows, sessions, agents, presence, prompts, start, input, flowId } = await loginWithFlow());
    });

    const { call, press, publishedFlow } = loginCalls(() => ({ flows, clock, start, input, flowId }));

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
  });
});
