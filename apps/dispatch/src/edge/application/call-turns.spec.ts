import type { ChannelStep } from '@tp/contracts';
import { twilioQueueName } from '@tp/routing-domain';
import { edgeQueueSetup } from '../../testing/edge-queue-waits.fixture';
import {
  ADA,
  CALL_SID,
  CONTEXT,
  enqueueStep,
  GREETING,
  HOLD,
  NOW,
  SESSION,
  settle,
  TENANT,
  turn,
} from '../../testing/queue-waits.fixture';
import { CallTurns } from './call-turns';

const setup = edgeQueueSetup;

describe(`${CallTurns.name}: a flow turn`, () => {
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
