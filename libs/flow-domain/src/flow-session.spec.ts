import type { ChannelStep } from '@tp/contracts';
import { PresetHours, TimedPresenceIvr, type IvrCaller } from '@tp/timed-presence-domain';
import { customerGraph } from '@tp/fakes';
import { CustomerWalk } from './customer-walk';
import { FlowSession } from './flow-session';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const T1 = new Date('2026-03-02T09:00:07.000Z');
const CONFIG = { presets: PresetHours.of([8, 24, 48, 72]), maxHours: 99, verification: 'caller-id' } as const;
const ANN: IvrCaller = {
  found: true,
  userId: 'ann',
  hasPin: false,
  timeZone: 'UTC',
  presence: { state: 'offline', expiresAt: null },
};
const SAY = (text: string): ChannelStep => ({ type: 'say', text });

function started(caller: IvrCaller = ANN): FlowSession {
  const { ivr } = TimedPresenceIvr.start(CONFIG, caller);
  return FlowSession.start(
    { id: 's-1', tenantId: 'acme', flowId: 'f-1', flowVersion: 2, callSid: 'CA1', ivr, steps: [SAY('menu')] },
    T0,
  );
}

describe(FlowSession.name, () => {
  it('answers the call as turn 1 and waits for the keys of turn 1', () => {
    const session = started();

    expect(session.firstReply).toEqual({ sessionId: 's-1', turn: 1, steps: [SAY('menu')], done: false });
    expect([session.turn, session.status, session.outcome, session.callerUserId, session.storedTurn]).toEqual(
      [1, 'active', null, 'ann', 0],
    );
    expect(session.answered(1)).toBeNull();
  });

  it('is over at once for an unknown caller', () => {
    const session = started({ found: false });

    expect([session.status, session.outcome, session.callerUserId, session.firstReply.done]).toEqual([
      'ended',
      'unknown-caller',
      null,
      true,
    ]);
    expect(() => session.answered(1)).toThrow(expect.objectContaining({ code: 'FLOW.SESSION_ENDED' }));
  });

  it('answers the keys with the next turn, and records the login', () => {
    const session = started();
    const ivr = session.ivr();
    ivr.input('1', new Date());

    const reply = session.advance(ivr, [SAY('online'), { type: 'hangup' }], T1, { agentId: 'ann' });

    expect(reply).toEqual({
      sessionId: 's-1',
      turn: 2,
      steps: [SAY('online'), { type: 'hangup' }],
      done: true,
    });
    expect([session.turn, session.status, session.outcome]).toEqual([2, 'ended', 'went-online']);
    expect(session.pullEvents()).toEqual([
      {
        type: 'agent-logged-in',
        tenantId: 'acme',
        agentId: 'ann',
        flowId: 'f-1',
        flowVersion: 2,
        callSid: 'CA1',
        occurredAt: T1,
      },
    ]);
    expect(() => session.advance(ivr, [SAY('again')], T1)).toThrow(
      expect.objectContaining({ code: 'FLOW.SESSION_ENDED' }),
    );
  });

  it('gives a retried turn the reply it had, and refuses turns it never reached', () => {
    const session = started();
    const ivr = session.ivr();
    ivr.input('7', new Date());
    const second = session.advance(ivr, [SAY('invalid'), SAY('menu')], T1);

    expect(session.answered(1)).toEqual(second);
    expect(session.answered(2)).toBeNull();
    expect(() => session.answered(3)).toThrow(
      expect.objectContaining({
        code: 'FLOW.SESSION_TURN_MISMATCH',
        details: { sessionId: 's-1', expected: 2, received: 3 },
      }),
    );
    expect(() => session.answered(0)).toThrow(
      expect.objectContaining({ code: 'FLOW.SESSION_TURN_MISMATCH' }),
    );
    expect(session.pullEvents()).toEqual([]);
  });

  it('comes back from its stored state as it was', () => {
    const session = started();
    const restored = FlowSession.restore(session.toSnapshot());

    expect(restored.toSnapshot()).toEqual(session.toSnapshot());
    expect(restored.storedTurn).toBe(1);
    expect([restored.id, restored.tenantId, restored.flowId, restored.flowVersion, restored.callSid]).toEqual(
      ['s-1', 'acme', 'f-1', 2, 'CA1'],
    );
  });

  it.each([
    ['a turn below 1', { turn: 0, replies: [] }],
    ['a reply missing', { turn: 2 }],
    ['an ended status with a waiting IVR', { status: 'ended' as const }],
  ])('refuses to come back with %s', (_case, change) => {
    expect(() => FlowSession.restore({ ...started().toSnapshot(), ...change })).toThrow(
      expect.objectContaining({ code: 'FLOW.SESSION_STATE_INVALID' }),
    );
  });

  it('does not take a queue result', () => {
    expect(() => started().answered(1, 'queue-result')).toThrow(
      expect.objectContaining({
        code: 'FLOW.SESSION_COMMAND_UNEXPECTED',
        details: { sessionId: 's-1', received: 'queue-result', expected: 'session-input' },
      }),
    );
    expect(() =>
      started().advanceWalk(WALK.queueResult('queue', 'timeout'), [SAY('x')], 'timeout', T1),
    ).toThrow(expect.objectContaining({ code: 'FLOW.SESSION_COMMAND_UNEXPECTED' }));
  });
});

const WALK = new CustomerWalk(customerGraph());
const ENQUEUE: ChannelStep = {
  type: 'enqueue',
  queueNodeId: 'queue',
  queueName: 'Support',
  requiredSkills: [],
  priority: 0,
  maxWaitS: 60,
  hold: [{ type: 'say', text: 'hold' }],
};

function customer(): FlowSession {
  return FlowSession.startCustomer(
    {
      id: 's-2',
      tenantId: 'acme',
      flowId: 'f-2',
      flowVersion: 1,
      callSid: 'CA2',
      walk: WALK.start(),
      steps: [SAY('hello'), ENQUEUE],
    },
    T0,
  );
}

describe(`${FlowSession.name} of a customer flow`, () => {
  it('answers the call as turn 1, waiting in the queue for its result', () => {
    const session = customer();

    expect(session.firstReply).toEqual({
      sessionId: 's-2',
      turn: 1,
      steps: [SAY('hello'), ENQUEUE],
      done: false,
    });
    expect([
      session.activity,
      session.waitingAt,
      session.status,
      session.outcome,
      session.callerUserId,
    ]).toEqual(['customer', 'queue', 'active', null, null]);
    expect(session.answered(1, 'queue-result')).toBeNull();
  });

  it('ends at once when the flow goes straight to an Exit', () => {
    const walk = new CustomerWalk({
      nodes: [
        { id: 'e', kind: 'entry' },
        { id: 'x', kind: 'exit' },
      ],
      edges: [{ from: 'e', to: 'x' }],
    }).start();
    const session = FlowSession.startCustomer(
      {
        id: 's-3',
        tenantId: 'acme',
        flowId: 'f',
        flowVersion: 1,
        callSid: 'CA3',
        walk,
        steps: [{ type: 'hangup' }],
      },
      T0,
    );
    expect([session.status, session.waitingAt, session.firstReply.done]).toEqual(['ended', null, true]);
    expect(() => session.answered(1, 'queue-result')).toThrow(
      expect.objectContaining({ code: 'FLOW.SESSION_ENDED' }),
    );
  });

  it('records the turn after the wait, and gives a retry the same turn', () => {
    const session = customer();
    const steps: ChannelStep[] = [SAY('nobody'), SAY('bye'), { type: 'hangup' }];

    const reply = session.advanceWalk(WALK.queueResult('queue', 'timeout'), steps, 'timeout', T1);

    expect(reply).toEqual({ sessionId: 's-2', turn: 2, steps, done: true });
    expect([session.turn, session.status, session.waitingAt, session.outcome]).toEqual([
      2,
      'ended',
      null,
      'timeout',
    ]);
    expect(session.answered(1, 'queue-result')).toEqual(reply);
    expect(() => session.answered(2, 'queue-result')).toThrow(
      expect.objectContaining({ code: 'FLOW.SESSION_ENDED' }),
    );
    expect(() => session.answered(5, 'queue-result')).toThrow(
      expect.objectContaining({ code: 'FLOW.SESSION_TURN_MISMATCH' }),
    );
    expect(() => session.advanceWalk(WALK.queueResult('queue', 'answered'), steps, 'answered', T1)).toThrow(
      expect.objectContaining({ code: 'FLOW.SESSION_ENDED' }),
    );
    expect(session.pullEvents()).toEqual([]);
  });

  it('refuses keys, and has no IVR', () => {
    const session = customer();
    expect(() => session.answered(1)).toThrow(
      expect.objectContaining({
        code: 'FLOW.SESSION_COMMAND_UNEXPECTED',
        details: { sessionId: 's-2', received: 'session-input', expected: 'queue-result' },
      }),
    );
    expect(() => session.ivr()).toThrow(expect.objectContaining({ code: 'FLOW.SESSION_COMMAND_UNEXPECTED' }));
  });

  it('comes back from its stored state as it was', () => {
    const session = customer();
    session.advanceWalk(WALK.queueResult('queue', 'answered'), [{ type: 'hangup' }], 'answered', T1);
    const restored = FlowSession.restore(session.toSnapshot());

    expect(restored.toSnapshot()).toEqual(session.toSnapshot());
    expect([restored.storedTurn, restored.activity, restored.outcome]).toEqual([2, 'customer', 'answered']);
  });

  it.each([
    ['an IVR', { ivr: started().toSnapshot().ivr }],
    ['an ended status while waiting in a queue', { status: 'ended' as const }],
    ['an active status waiting nowhere', { waitingAt: null }],
    ['an unknown activity', { activity: 'voicemail' as never }],
  ])('refuses to come back with %s', (_case, change) => {
    expect(() => FlowSession.restore({ ...customer().toSnapshot(), ...change })).toThrow(
      expect.objectContaining({ code: 'FLOW.SESSION_STATE_INVALID' }),
    );
  });

  it('refuses a Timed Presence session without its IVR', () => {
    expect(() => FlowSession.restore({ ...started().toSnapshot(), ivr: null })).toThrow(
      expect.objectContaining({ code: 'FLOW.SESSION_STATE_INVALID' }),
    );
  });
});
