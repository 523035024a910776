import {
  CONTEXT,
  CALL_SID,
  enqueueStep,
  HOLD,
  routingQueueSetup,
  settle,
  TENANT,
} from '../../testing/queue-waits.fixture';
import { positionText, QueueCalls } from './queue-calls';

const setup = routingQueueSetup;

describe(`${QueueCalls.name}: the wait URL`, () => {
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
