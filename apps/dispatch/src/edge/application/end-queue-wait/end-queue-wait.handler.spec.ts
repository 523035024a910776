import { twilioQueueName } from '@tp/routing-domain';
import { APOLOGY } from '../../../common/call-answer';
import { edgeQueueSetup } from '../../../testing/edge-queue-waits.fixture';
import {
  CALL_SID,
  CONTEXT,
  enqueueStep,
  SESSION,
  settle,
  TENANT,
  turn,
} from '../../../testing/queue-waits.fixture';
import { ANSWER_RESERVE_MS, webhookDeadline } from '../webhook-deadline';
import { EndQueueWaitHandler } from './end-queue-wait.handler';

const setup = edgeQueueSetup;

describe(`${EndQueueWaitHandler.name}: the end of the wait (the <Enqueue> action)`, () => {
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
