import { Logger } from '@nestjs/common';
import type { Deadline } from '@tp/ddd';
import type { ChannelStep, EnqueueStep, SessionTurn } from '@tp/contracts';
import { Secret } from '@tp/dispatch-domain';
import { loadEnv } from '@tp/platform';
import { twilioQueueName } from '@tp/routing-domain';
import { FixedClock } from '@tp/fakes';
import { DispatchEnvSchema, type DispatchConfig } from '../../dispatch.config';
import { positionText } from '../../routing';
import { APOLOGY } from '../../common/call-answer';
import { FakeAgentContacts, inMemoryCallRouting, ScriptedFlowSessions } from '../../testing';
import { CallTurns, type TurnContext } from './call-turns';
import { ANSWER_RESERVE_MS, webhookDeadline } from './webhook-deadline';
import { EndQueueWaitCommand } from './end-queue-wait/end-queue-wait.command';
import { EndQueueWaitHandler } from './end-queue-wait/end-queue-wait.handler';

const NOW = new Date('2026-11-24T18:00:00.000Z');
const TENANT = 'acme';
const CALL_SID = 'CA0123456789abcdef0123456789abcdef';
const SESSION = 'session-1';
const ADA = '+14155550101';
const HOLD = [{ type: 'say' as const, text: 'Please hold, an agent will be with you shortly.' }];
const GREETING: ChannelStep = { type: 'say', text: 'Thank you for calling.' };
const CONTEXT: TurnContext = {
  tenantId: TENANT,
  callSid: CALL_SID,
  twilioAccount: 'platform',
  contactPoint: '+14155550100',
};

const enqueueStep = (overrides: Partial<EnqueueStep> = {}): EnqueueStep => ({
  type: 'enqueue',
  queueNodeId: 'queue-1',
  queueName: 'Support',
  requiredSkills: ['Support '],
  priority: 3,
  maxWaitS: 120,
  hold: HOLD,
  ...overrides,
});

const turn = (n: number, steps: ChannelStep[], done = false): SessionTurn => ({
  sessionId: SESSION,
  turn: n,
  done,
  steps,
});

/** Lets the offer engine's background kicks run to their end (every fake answers at once). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup(env: Record<string, string> = {}) {
  const config: DispatchConfig = {
    ...loadEnv(DispatchEnvSchema, { PUBLIC_BASE_URL: 'https://voice.example.com', ...env }),
    platformAccount: {
      owner: 'platform',
      accountSid: 'AC11111111111111111111111111111111',
      authToken: new Secret('platform-token'),
    },
  };
  const clock = new FixedClock(NOW);
  const sessions = new ScriptedFlowSessions();
  const { routing, queue, deadlines, twilio, legs } = inMemoryCallRouting(
    config,
    clock,
    new FakeAgentContacts().set(TENANT, 'ada', [ADA]),
  );
  const turns = new CallTurns(routing);
  const endWait = new EndQueueWaitHandler(routing, sessions, turns);
  /** The edge's three doors to a queue: a flow turn, the wait URL, the end of the wait. */
  const queues = {
    answerTurn: (t: SessionTurn, context: TurnContext) => turns.answer(t, context),
    wait: (tenantId: string | null, callSid: string, id: string, queueSid?: string) =>
      routing.waitTurn(tenantId, callSid, id, queueSid),
    result: (
      tenantId: string | null,
      callSid: string,
      id: string,
      queueResult: string | undefined,
      deadline: Deadline,
    ) => endWait.execute(new EndQueueWaitCommand(tenantId, callSid, id, queueResult, deadline)),
  };

  /** The caller's turn ending in `enqueue`, answered: the waiting call's id. */
  const enqueued = async (step = enqueueStep(), context = CONTEXT, n = 2) => {
    const answer = await queues.answerTurn(turn(n, [GREETING, step]), context);
    const last = answer.steps[answer.steps.length - 1];
    if (last.type !== 'wait-in-queue') throw new Error(`not enqueued: ${JSON.stringify(answer)}`);
    return last.waitingCallId;
  };
  const call = async (id: string) => (await queue.findCall(id))!;
  /** ada, online with the skill, takes calls from now on. */
  const adaOnline = () => queue.withAgents({ tenantId: TENANT, agentId: 'ada', skills: ['support'] });
  return { config, clock, queue, deadlines, twilio, sessions, legs, queues, enqueued, call, adaOnline };
}

beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']));

describe('a caller in a queue, from the edge through the routing seam', () => {
  describe('a flow turn', () => {
    it.each<[string, ChannelStep[]]>([
      ['a greeting and a hangup', [GREETING, { type: 'hangup' }]],
      ['no step at all', []],
    ])('that does not end in enqueue (%s) is answered as it is, nobody enqueued', async (_case, steps) => {
      const { queues, queue } = setup();

      await expect(queues.answerTurn(turn(4, steps), CONTEXT)).resolves.toEqual({
        outcome: 'ok',
        steps,
        turn: { sessionId: SESSION, turn: 4 },
      });
      expect(queue.allCalls()).toEqual([]);
    });

    it("ending in enqueue parks the caller in their own Twilio queue after the turn's other steps, waiting until the maximum wait", async () => {
      const { queues, call } = setup();

      const answer = await queues.answerTurn(turn(2, [GREETING, enqueueStep()]), CONTEXT);

      const waitingCallId = (answer.steps[1] as { waitingCallId: string }).waitingCallId;
      expect(answer).toEqual({
        outcome: 'ok',
        steps: [GREETING, { type: 'wait-in-queue', waitingCallId, twilioQueue: twilioQueueName(CALL_SID) }],
        turn: { sessionId: SESSION, turn: 2 },
      });
      expect(await call(waitingCallId)).toMatchObject({
        tenantId: TENANT,
        callSid: CALL_SID,
        sessionId: SESSION,
        turn: 2,
        twilioAccount: 'platform',
        contactPoint: '+14155550100',
        queueNodeId: 'queue-1',
        queueName: 'Support',
        requiredSkills: ['support'],
        priority: 3,
        hold: HOLD,
        enqueuedAt: NOW,
        deadline: new Date(NOW.getTime() + 120_000),
        status: 'waiting',
      });
    });

    it('ending in enqueue offers the call to an agent at once', async () => {
      const { enqueued, adaOnline, twilio, call } = setup();
      adaOnline();

      const id = await enqueued();
      await settle();

      expect(twilio.placed.map((p) => p.to)).toEqual([ADA]);
      expect((await call(id)).status).toBe('offering');
    });

    it('asked again (a retried webhook) answers the same waiting call, and enqueues nothing more', async () => {
      const { queues, clock, queue } = setup();
      const first = await queues.answerTurn(turn(2, [GREETING, enqueueStep()]), CONTEXT);
      clock.advanceBy(15_000);

      const again = await queues.answerTurn(turn(2, [GREETING, enqueueStep()]), CONTEXT);

      expect(again).toEqual(first);
      expect(queue.allCalls()).toHaveLength(1);
      expect(queue.allCalls()[0].enqueuedAt).toEqual(NOW);
    });
  });

  describe('the wait URL', () => {
    it("notes the Twilio queue's SID it is told (the tick dequeues the caller with it), and answers even when that fails", async () => {
      const { queues, enqueued, deadlines } = setup();
      const id = await enqueued();
      const QUEUE_SID = 'QU' + 'a'.repeat(32);

      await queues.wait(TENANT, CALL_SID, id, QUEUE_SID);
      deadlines.recordFailure = new Error('connection reset');
      const answer = await queues.wait(TENANT, CALL_SID, id, QUEUE_SID);
      await queues.wait(TENANT, CALL_SID, id); // a request without one changes nothing

      expect(deadlines.recorded).toEqual([{ id, queueSid: QUEUE_SID }]);
      expect(answer).toEqual({
        outcome: 'ok',
        steps: [{ type: 'say', text: positionText(1) }, ...HOLD],
        turn: null,
      });
    });

    it("tells the caller their place in line among the tenant's waiting calls, then the hold prompt", async () => {
      const { queues, enqueued, clock } = setup();
      await enqueued(enqueueStep(), { ...CONTEXT, callSid: 'CA' + '1'.repeat(32) });
      await enqueued(enqueueStep(), { ...CONTEXT, tenantId: 'globex', callSid: 'CA' + '2'.repeat(32) });
      clock.advanceBy(1_000);
      const id = await enqueued();

      await expect(queues.wait(TENANT, CALL_SID, id)).resolves.toEqual({
        outcome: 'ok',
        steps: [{ type: 'say', text: positionText(2) }, ...HOLD],
        turn: null,
      });
    });

    it('plays only the hold prompt when the place in line is not announced (DISPATCH_ANNOUNCE_QUEUE_POSITION)', async () => {
      const { queues, enqueued } = setup({ DISPATCH_ANNOUNCE_QUEUE_POSITION: 'false' });
      const id = await enqueued();

      await expect(queues.wait(TENANT, CALL_SID, id)).resolves.toEqual({
        outcome: 'ok',
        steps: HOLD,
        turn: null,
      });
    });

    it('plays only the hold prompt to a caller already bridged (no place in line)', async () => {
      const { queues, enqueued, adaOnline, legs, call } = setup();
      adaOnline();
      const id = await enqueued();
      await settle();
      await legs.answer(TENANT, (await call(id)).currentOfferId!, '1');

      await expect(queues.wait(TENANT, CALL_SID, id)).resolves.toEqual({
        outcome: 'ok',
        steps: HOLD,
        turn: null,
      });
    });

    it.each([
      ['just before the maximum wait', 119_999, 'hold'],
      ['at the maximum wait', 120_000, 'leave'],
      ['after the maximum wait', 125_000, 'leave'],
    ])('%s: %s', async (_case, afterMs, decision) => {
      const { queues, enqueued, clock, call } = setup();
      const id = await enqueued(enqueueStep({ maxWaitS: 120 }));
      clock.advanceBy(afterMs);

      const answer = await queues.wait(TENANT, CALL_SID, id);

      if (decision === 'leave') {
        expect(answer).toEqual({ outcome: 'ok', steps: [{ type: 'leave-queue' }], turn: null });
        expect((await call(id)).status).toBe('left');
      } else {
        expect(answer.steps).toContainEqual(HOLD[0]);
        expect((await call(id)).status).toBe('waiting');
      }
    });

    it("at the maximum wait stops the agent's phone that still rings: a miss that is not the agent's", async () => {
      const { queues, enqueued, adaOnline, clock, call, queue, twilio } = setup();
      adaOnline();
      const id = await enqueued();
      await settle();
      const offerId = (await call(id)).currentOfferId!;
      clock.advanceBy(120_000);

      await expect(queues.wait(TENANT, CALL_SID, id)).resolves.toMatchObject({
        steps: [{ type: 'leave-queue' }],
      });

      expect((await call(id)).status).toBe('left');
      expect(await queue.findOffer(offerId)).toMatchObject({ status: 'missed', missReason: 'caller-gone' });
      expect(twilio.cancelled.map((c) => c.callSid)).toEqual([twilio.placed[0].callSid]);
      expect(queue.agent(TENANT, 'ada')!.consecutiveMisses).toBe(0);
    });

    it('makes a caller whose wait ended leave again, changing nothing', async () => {
      const { queues, enqueued, queue, clock, call } = setup();
      const id = await enqueued();
      await queue.endWait(id, 'abandoned', clock.now());

      await expect(queues.wait(TENANT, CALL_SID, id)).resolves.toMatchObject({
        steps: [{ type: 'leave-queue' }],
      });
      expect((await call(id)).status).toBe('abandoned');
    });

    it.each([
      ['an unknown waiting call', TENANT, CALL_SID, 'call-9'],
      ["another tenant's waiting call", 'globex', CALL_SID, null],
      ['a webhook of no known tenant', null, CALL_SID, null],
      ["another call's waiting call", TENANT, 'CA' + 'f'.repeat(32), null],
    ])('makes the caller leave for %s, and changes nothing', async (_case, tenantId, callSid, asked) => {
      const { queues, enqueued, call, clock } = setup();
      const id = await enqueued();
      clock.advanceBy(120_000);

      await expect(queues.wait(tenantId, callSid, asked ?? id)).resolves.toEqual({
        outcome: 'ok',
        steps: [{ type: 'leave-queue' }],
        turn: null,
      });
      expect((await call(id)).status).toBe('waiting');
    });
  });

  describe('the end of the wait (the <Enqueue> action)', () => {
    it.each([
      ['bridged', 'answered', 'waiting'],
      ['hangup', 'abandoned', 'abandoned'],
      ['leave', 'timeout', 'left'],
      ['redirected', 'timeout', 'left'],
      ['queue-full', 'timeout', 'left'],
      ['system-error', 'timeout', 'left'],
      [undefined, 'timeout', 'left'],
    ])(
      "QueueResult %s tells the flow %s (the waiting call then: %s) and answers the flow's next turn",
      async (queueResult, outcome, status) => {
        const { queues, enqueued, sessions, call } = setup();
        const id = await enqueued();
        sessions.next = (sessionId, n) => turn(n + 1, [{ type: 'say', text: `after ${outcome}` }], true);

        const answer = await queues.result(TENANT, CALL_SID, id, queueResult, webhookDeadline(2_000));

        expect(answer).toEqual({
          outcome: 'ok',
          steps: [{ type: 'say', text: `after ${outcome}` }],
          turn: { sessionId: SESSION, turn: 3 },
        });
        expect(sessions.queueResults.map((r) => r.input)).toEqual([
          { tenantId: TENANT, sessionId: SESSION, turn: 2, outcome },
        ]);
        expect(sessions.queueResults[0].timeoutMs).toBeGreaterThan(1_900);
        expect(sessions.queueResults[0].timeoutMs).toBeLessThanOrEqual(2_000 - ANSWER_RESERVE_MS);
        expect((await call(id)).status).toBe(status);
      },
    );

    it('reports a bridged call as answered without touching it', async () => {
      const { queues, enqueued, adaOnline, legs, call, sessions } = setup();
      adaOnline();
      const id = await enqueued();
      await settle();
      await legs.answer(TENANT, (await call(id)).currentOfferId!, '1');

      await queues.result(TENANT, CALL_SID, id, 'bridged', webhookDeadline(2_000));

      expect((await call(id)).status).toBe('bridged');
      expect(sessions.queueResults[0].input.outcome).toBe('answered');
    });

    it("a caller hanging up while an agent's phone rings: abandoned, the ringing stopped, not the agent's miss", async () => {
      const { queues, enqueued, adaOnline, call, queue, twilio } = setup();
      adaOnline();
      const id = await enqueued();
      await settle();
      const offerId = (await call(id)).currentOfferId!;

      await queues.result(TENANT, CALL_SID, id, 'hangup', webhookDeadline(2_000));

      expect((await call(id)).status).toBe('abandoned');
      expect(await queue.findOffer(offerId)).toMatchObject({ status: 'missed', missReason: 'caller-gone' });
      expect(twilio.cancelled).toHaveLength(1);
      expect(queue.agent(TENANT, 'ada')!.consecutiveMisses).toBe(0);
    });

    it('after the wait URL made the caller leave, reports the timeout once more without ending anything twice', async () => {
      const { queues, enqueued, clock, call, sessions, queue } = setup();
      const id = await enqueued();
      clock.advanceBy(120_000);
      await queues.wait(TENANT, CALL_SID, id);

      await queues.result(TENANT, CALL_SID, id, 'leave', webhookDeadline(2_000));

      expect((await call(id)).status).toBe('left');
      expect(queue.events.filter((e) => e.type === 'call-timed-out')).toHaveLength(1);
      expect(sessions.queueResults[0].input.outcome).toBe('timeout');
    });

    it('queues the caller again when the next turn ends in enqueue', async () => {
      const { queues, enqueued, sessions, call } = setup();
      const first = await enqueued();
      sessions.next = (_sessionId, n) => turn(n + 1, [enqueueStep({ queueName: 'Overflow', maxWaitS: 60 })]);

      const answer = await queues.result(TENANT, CALL_SID, first, 'leave', webhookDeadline(2_000));

      const step = answer.steps[0] as { type: string; waitingCallId: string; twilioQueue: string };
      expect(step).toMatchObject({ type: 'wait-in-queue', twilioQueue: twilioQueueName(CALL_SID) });
      expect(step.waitingCallId).not.toBe(first);
      expect(await call(step.waitingCallId)).toMatchObject({
        turn: 3,
        queueName: 'Overflow',
        status: 'waiting',
        contactPoint: CONTEXT.contactPoint,
      });
    });

    it('fails when flow-runtime cannot be asked (the edge apologises)', async () => {
      const { queues, enqueued, sessions } = setup();
      const id = await enqueued();
      sessions.failure = new Error('flow-runtime timed out');

      await expect(queues.result(TENANT, CALL_SID, id, 'hangup', webhookDeadline(2_000))).rejects.toThrow(
        'flow-runtime timed out',
      );
    });

    it.each([
      ['an unknown waiting call', TENANT, CALL_SID, 'call-9'],
      ["another tenant's waiting call", 'globex', CALL_SID, null],
      ["another call's waiting call", TENANT, 'CA' + 'f'.repeat(32), null],
    ])('apologises for %s, and tells the flow nothing', async (_case, tenantId, callSid, asked) => {
      const { queues, enqueued, sessions, call } = setup();
      const id = await enqueued();

      await expect(
        queues.result(tenantId, callSid, asked ?? id, 'hangup', webhookDeadline(2_000)),
      ).resolves.toBe(APOLOGY);
      expect(sessions.queueResults).toEqual([]);
      expect((await call(id)).status).toBe('waiting');
    });
  });
});
