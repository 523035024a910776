import type { SessionTurn } from '@tp/contracts';
import {
  FlowSessions,
  type ExpiryNoticeAnswer,
  type QueueResultInput,
  type SessionInputInput,
  type StartSessionInput,
} from '../edge/application/ports/flow-sessions.port';

/**
 * flow-runtime's sessions as the edge drives them: every request recorded with the time it was
 * given, answered by `next` (by default a turn after the one asked about, saying goodbye);
 * `failure` fails every request.
 */
export class ScriptedFlowSessions extends FlowSessions {
  readonly started: { input: StartSessionInput; timeoutMs: number }[] = [];
  readonly inputs: { input: SessionInputInput; timeoutMs: number }[] = [];
  readonly queueResults: { input: QueueResultInput; timeoutMs: number }[] = [];
  failure: Error | null = null;
  next: (sessionId: string, turn: number) => SessionTurn = (sessionId, turn) => ({
    sessionId,
    turn: turn + 1,
    done: true,
    steps: [{ type: 'say', text: 'Goodbye.' }, { type: 'hangup' }],
  });
  expiryNoticeAnswer: ExpiryNoticeAnswer = { notify: false };

  start(input: StartSessionInput, timeoutMs: number): Promise<SessionTurn> {
    this.started.push({ input, timeoutMs });
    return this.answer(`session-of-${input.callSid}`, -1);
  }

  input(input: SessionInputInput, timeoutMs: number): Promise<SessionTurn> {
    this.inputs.push({ input, timeoutMs });
    return this.answer(input.sessionId, input.turn);
  }

  queueResult(input: QueueResultInput, timeoutMs: number): Promise<SessionTurn> {
    this.queueResults.push({ input, timeoutMs });
    return this.answer(input.sessionId, input.turn);
  }

  expiryNotice(): Promise<ExpiryNoticeAnswer> {
    return this.failure ? Promise.reject(this.failure) : Promise.resolve(this.expiryNoticeAnswer);
  }

  private answer(sessionId: string, turn: number): Promise<SessionTurn> {
    return this.failure ? Promise.reject(this.failure) : Promise.resolve(this.next(sessionId, turn));
  }
}
