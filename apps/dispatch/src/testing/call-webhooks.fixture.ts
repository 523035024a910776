// What the unit tests of the edge's call webhook handlers share: a call, its session, flow-runtime
// answering a fixed menu turn, and the webhook's origin.
import type { SessionTurn } from '@tp/contracts';
import { NO_SEQUENCE, type CallRecord } from '@tp/dispatch-domain';
import { CallTurns } from '../edge/application/call-turns';
import {
  FlowSessions,
  type ExpiryNoticeAnswer,
  type SessionInputInput,
  type StartSessionInput,
} from '../edge/application/ports/flow-sessions.port';
import type { WebhookOrigin } from '../edge/application/webhook-origins';
import { CallRouting } from '../routing';

export const CALL_SID = 'CA0123456789abcdef0123456789abcdef';
/**
 * Routing that fails whatever touches it: these turns (a login's menu, keys, confirmation) end in
 * no `enqueue`, so they must never reach routing.
 */
const untouchedRouting = new Proxy({} as CallRouting, {
  get: (_target, name) => () => {
    throw new Error(`a turn without enqueue reached routing (${String(name)})`);
  },
});
/** The edge's turns, for turns that never reach routing. */
export const queues = new CallTurns(untouchedRouting);
export const SESSION = 'session-1';

/**
 * flow-runtime as the edge sees it: records what it was asked and answers a fixed turn, the preset
 * menu (`ScriptedFlowSessions` of this folder answers a goodbye, and times each request).
 */
export class MenuTurnFlowSessions extends FlowSessions {
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

/** Turn `n` of `SESSION`: the preset menu. */
export function turn(n: number): SessionTurn {
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

/** Where a webhook came from: by default no tenant, mapping, call or notice it could be matched to. */
export const origin = (extra: Partial<WebhookOrigin> = {}): WebhookOrigin => ({
  tenantId: null,
  mapping: null,
  call: null,
  notice: null,
  ...extra,
});

/** The call `CALL_SID` as the call log knows it: acme's, ringing, running `SESSION`. */
export const known = (extra: Partial<CallRecord> = {}): CallRecord => ({
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
