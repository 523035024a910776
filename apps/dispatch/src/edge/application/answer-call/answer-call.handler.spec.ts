import { NO_SEQUENCE } from '@tp/dispatch-domain';
import { aMapping, FixedClock, InMemoryCallLog } from '@tp/fakes';
import { NOT_IN_SERVICE } from '../../../common/call-answer';
import {
  CALL_SID,
  MenuTurnFlowSessions,
  origin,
  queues,
  SESSION,
  turn,
} from '../../../testing/call-webhooks.fixture';
import { ANSWER_RESERVE_MS, webhookDeadline } from '../webhook-deadline';
import { AnswerCallCommand } from './answer-call.command';
import { AnswerCallHandler } from './answer-call.handler';

describe(AnswerCallHandler.name, () => {
  const clock = new FixedClock('2026-11-24T10:00:00Z');
  const call = {
    callSid: CALL_SID,
    from: '+1 415 555 0123',
    to: '+14155550100',
    stirVerstat: 'TN-Validation-Passed-A',
  };

  it("starts the flow's session with the call as Twilio sent it, and records the call", async () => {
    const sessions = new MenuTurnFlowSessions();
    const calls = new InMemoryCallLog();
    const mapping = aMapping().build();

    const answer = await new AnswerCallHandler(sessions, calls, queues, clock).execute(
      new AnswerCallCommand(origin({ tenantId: 'acme', mapping }), call, webhookDeadline(2000)),
    );

    expect(answer).toEqual({ outcome: 'ok', steps: turn(0).steps, turn: { sessionId: SESSION, turn: 0 } });
    expect(sessions.started[0].input).toEqual({
      tenantId: 'acme',
      flowId: 'flow-1',
      callSid: CALL_SID,
      from: '+1 415 555 0123',
      to: '+14155550100',
      stirVerstat: 'TN-Validation-Passed-A',
    });
    expect(sessions.started[0].timeoutMs).toBeGreaterThan(1900);
    expect(sessions.started[0].timeoutMs).toBeLessThanOrEqual(2000 - ANSWER_RESERVE_MS);
    expect(calls.calls.get(CALL_SID)).toMatchObject({
      tenantId: 'acme',
      sessionId: SESSION,
      direction: 'inbound',
      progress: { status: 'ringing', sequence: NO_SEQUENCE },
    });
  });

  it.each([
    ['an unmapped number', null],
    ['an inactive mapping', aMapping().inactive().build()],
  ])('says %s is not in service, and starts nothing', async (_case, mapping) => {
    const sessions = new MenuTurnFlowSessions();

    const answer = await new AnswerCallHandler(sessions, new InMemoryCallLog(), queues, clock).execute(
      new AnswerCallCommand(origin({ mapping }), call, webhookDeadline(2000)),
    );

    expect(answer).toBe(NOT_IN_SERVICE);
    expect(sessions.started).toEqual([]);
  });

  it('lets a failure of flow-runtime through (the edge apologises) and records nothing', async () => {
    const sessions = new MenuTurnFlowSessions();
    sessions.failWith = new Error('no responders');
    const calls = new InMemoryCallLog();

    await expect(
      new AnswerCallHandler(sessions, calls, queues, clock).execute(
        new AnswerCallCommand(origin({ mapping: aMapping().build() }), call, webhookDeadline(2000)),
      ),
    ).rejects.toThrow('no responders');
    expect(calls.calls.size).toBe(0);
  });
});
