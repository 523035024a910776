import type { SessionTurn } from '@tp/contracts';
import { NO_SEQUENCE, type CallRecord } from '@tp/dispatch-domain';
import { aMapping, FixedClock, InMemoryCallLog } from '@tp/fakes';
import { AnswerCallCommand } from './answer-call/answer-call.command';
import { AnswerCallHandler } from './answer-call/answer-call.handler';
import { APOLOGY, NOT_IN_SERVICE } from '../../common/call-answer';
import { ContinueCallCommand } from './continue-call/continue-call.command';
import { ContinueCallHandler } from './continue-call/continue-call.handler';
import { ANSWER_RESERVE_MS, webhookDeadline } from './webhook-deadline';
import { PlayExpiryNoticeHandler } from './play-expiry-notice/play-expiry-notice.handler';
import { PlayExpiryNoticeQuery } from './play-expiry-notice/play-expiry-notice.query';
import {
  FlowSessions,
  type ExpiryNoticeAnswer,
  type SessionInputInput,
  type StartSessionInput,
} from './ports/flow-sessions.port';
import { RecordCallStatusCommand } from './record-call-status/record-call-status.command';
import { RecordCallStatusHandler } from './record-call-status/record-call-status.handler';
import { CallRouting } from '../../routing';
import { CallTurns } from './call-turns';
import type { WebhookOrigin } from './webhook-origins';

const CALL_SID = 'CA0123456789abcdef0123456789abcdef';
/**
 * Routing that fails whatever touches it: these turns (a login's menu, keys, confirmation) end in
 * no `enqueue`, so they must never reach routing.
 */
const untouchedRouting = new Proxy({} as CallRouting, {
  get: (_target, name) => () => {
    throw new Error(`a turn without enqueue reached routing (${String(name)})`);
  },
});
const queues = new CallTurns(untouchedRouting);
const SESSION = 'session-1';

/** flow-runtime as the edge sees it: records what it was asked and answers a fixed turn. */
class ScriptedFlowSessions extends FlowSessions {
  readonly started: { input: StartSessionInput; timeoutMs: number }[] = [];
  readonly inputs: SessionInputInput[] = [];
  failWith: Error | null = null;

  start(input: StartSessionInput, timeoutMs: number): Promise<SessionTurn> {
    this.started.push({ input, timeoutMs });
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve(turn(0));
  }

  input(input: SessionInputInput): Promise<SessionTurn> {
    this.inputs.push(input);
    return Promise.resolve(turn(input.turn + 1));
  }

  queueResult(): Promise<SessionTurn> {
    return Promise.reject(new Error('no queue in these flows'));
  }

  expiryNotice(): Promise<ExpiryNoticeAnswer> {
    return Promise.resolve({ notify: false });
  }
}

function turn(n: number): SessionTurn {
  return {
    sessionId: SESSION,
    turn: n,
    done: false,
    steps: [
      {
        type: 'collect',
        purpose: 'preset-menu',
        maxDigits: 1,
        timeoutS: 5,
        finishOnKey: '',
        prompts: [{ type: 'say', text: 'Press 1 for 8 hours.' }],
      },
    ],
  };
}

const origin = (extra: Partial<WebhookOrigin> = {}): WebhookOrigin => ({
  tenantId: null,
  mapping: null,
  call: null,
  notice: null,
  ...extra,
});

const known = (extra: Partial<CallRecord> = {}): CallRecord => ({
  callSid: CALL_SID,
  tenantId: 'acme',
  mappingId: '11111111-1111-4111-8111-111111111111',
  twilioAccount: 'platform',
  direction: 'inbound',
  from: '+14155550123',
  to: '+14155550100',
  sessionId: SESSION,
  progress: { status: 'ringing', sequence: NO_SEQUENCE },
  createdAt: new Date('2026-11-24T10:00:00Z'),
  updatedAt: new Date('2026-11-24T10:00:00Z'),
  ...extra,
});

describe(AnswerCallHandler.name, () => {
  const clock = new FixedClock('2026-11-24T10:00:00Z');
  const call = {
    callSid: CALL_SID,
    from: '+1 415 555 0123',
    to: '+14155550100',
    stirVerstat: 'TN-Validation-Passed-A',
  };

  it("starts the flow's session with the call as Twilio sent it, and records the call", async () => {
    const sessions = new ScriptedFlowSessions();
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
    const sessions = new ScriptedFlowSessions();

    const answer = await new AnswerCallHandler(sessions, new InMemoryCallLog(), queues, clock).execute(
      new AnswerCallCommand(origin({ mapping }), call, webhookDeadline(2000)),
    );

    expect(answer).toBe(NOT_IN_SERVICE);
    expect(sessions.started).toEqual([]);
  });

  it('lets a failure of flow-runtime through (the edge apologises) and records nothing', async () => {
    const sessions = new ScriptedFlowSessions();
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

describe(ContinueCallHandler.name, () => {
  it('hands the keys of the turn to flow-runtime unchanged', async () => {
    const sessions = new ScriptedFlowSessions();

    const answer = await new ContinueCallHandler(sessions, queues).execute(
      new ContinueCallCommand(
        origin({ tenantId: 'acme', call: known() }),
        CALL_SID,
        SESSION,
        3,
        '12',
        webhookDeadline(2000),
      ),
    );

    expect(sessions.inputs).toEqual([{ tenantId: 'acme', sessionId: SESSION, turn: 3, digits: '12' }]);
    expect(answer.turn).toEqual({ sessionId: SESSION, turn: 4 });
  });

  it('apologises for keys of no tenant, or for another session than the call runs', async () => {
    const sessions = new ScriptedFlowSessions();
    const handler = new ContinueCallHandler(sessions, queues);

    await expect(
      handler.execute(new ContinueCallCommand(origin(), CALL_SID, SESSION, 1, null, webhookDeadline(2000))),
    ).resolves.toBe(APOLOGY);
    await expect(
      handler.execute(
        new ContinueCallCommand(
          origin({ tenantId: 'acme', call: known() }),
          CALL_SID,
          'other',
          1,
          null,
          webhookDeadline(2000),
        ),
      ),
    ).resolves.toBe(APOLOGY);
    expect(sessions.inputs).toEqual([]);
  });
});

describe(RecordCallStatusHandler.name, () => {
  const clock = new FixedClock('2026-11-24T10:05:00Z');
  const parties = { from: '+14155550123', to: '+14155550100' };

  it('applies newer reports only, and keeps a call that ended ended', async () => {
    const calls = new InMemoryCallLog();
    await calls.record(known());
    const handler = new RecordCallStatusHandler(calls, clock);
    const report = (status: 'in-progress' | 'completed' | 'ringing', sequence: number) =>
      handler.execute(
        new RecordCallStatusCommand(
          origin({ tenantId: 'acme', call: known() }),
          CALL_SID,
          { status, sequence },
          parties,
        ),
      );

    await expect(report('in-progress', 1)).resolves.toEqual({ status: 'in-progress', sequence: 1 });
    await expect(report('ringing', 0)).resolves.toEqual({ status: 'in-progress', sequence: 1 });
    await expect(report('completed', 2)).resolves.toEqual({ status: 'completed', sequence: 2 });
    await expect(report('in-progress', 3)).resolves.toEqual({ status: 'completed', sequence: 2 });
  });

  it('records a call it had not seen when its number is mapped; ignores one of no tenant', async () => {
    const calls = new InMemoryCallLog();
    const handler = new RecordCallStatusHandler(calls, clock);

    await handler.execute(
      new RecordCallStatusCommand(
        origin({ tenantId: 'acme', mapping: aMapping().build() }),
        CALL_SID,
        { status: 'completed', sequence: 4 },
        { ...parties, direction: 'outbound-api' },
      ),
    );
    expect(calls.calls.get(CALL_SID)).toMatchObject({
      tenantId: 'acme',
      direction: 'outbound-notice',
      progress: { status: 'completed', sequence: 4 },
    });

    await expect(
      handler.execute(
        new RecordCallStatusCommand(origin(), 'CA-other', { status: 'completed', sequence: 1 }, parties),
      ),
    ).resolves.toBeNull();
  });
});

describe(PlayExpiryNoticeHandler.name, () => {
  it("plays the notice's steps and hangs up; an unknown notice gets the apology", async () => {
    const notice = {
      id: 'n-1',
      tenantId: 'acme',
      agentId: 'agent-1',
      eventId: 'e-1',
      mappingId: 'm-1',
      twilioAccount: 'platform' as const,
      from: '+14155550100',
      to: '+14155550123',
      steps: [{ type: 'say' as const, text: 'You are now offline.' }],
      outcome: 'placed' as const,
      callSid: CALL_SID,
      failure: null,
      createdAt: new Date(),
    };
    const handler = new PlayExpiryNoticeHandler();

    await expect(
      handler.execute(new PlayExpiryNoticeQuery(origin({ tenantId: 'acme', notice }))),
    ).resolves.toEqual({
      outcome: 'ok',
      steps: [{ type: 'say', text: 'You are now offline.' }, { type: 'hangup' }],
      turn: null,
    });
    await expect(handler.execute(new PlayExpiryNoticeQuery(origin()))).resolves.toBe(APOLOGY);
  });
});

describe(webhookDeadline.name, () => {
  it('answers with the work when it is in time, with the fallback when it is not', async () => {
    await expect(webhookDeadline(1000).race(Promise.resolve('work'), () => 'late')).resolves.toBe('work');
    await expect(webhookDeadline(60).race(new Promise<string>(() => undefined), () => 'late')).resolves.toBe(
      'late',
    );
  });

  it('counts the time the request already ran and keeps the reserve back, never giving less than 1 ms', () => {
    expect(webhookDeadline(2000, 500).budgetMs()).toBeLessThanOrEqual(1500 - ANSWER_RESERVE_MS);
    expect(webhookDeadline(2000, 500).budgetMs()).toBeGreaterThan(1400);
    expect(webhookDeadline(2000, 5000).budgetMs()).toBe(1);
  });
});
