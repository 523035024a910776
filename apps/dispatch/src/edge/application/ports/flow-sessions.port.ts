import type { QueueOutcome, SessionTurn, SpeechStep } from '@tp/contracts';

export interface StartSessionInput {
  tenantId: string;
  flowId: string;
  callSid: string;
  from: string;
  to: string;
  stirVerstat?: string;
}

export interface SessionInputInput {
  tenantId: string;
  sessionId: string;
  turn: number;
  digits: string | null;
}

export interface QueueResultInput {
  tenantId: string;
  sessionId: string;
  turn: number;
  outcome: QueueOutcome;
}

export type ExpiryNoticeAnswer = { notify: false } | { notify: true; flowId: string; steps: SpeechStep[] };

/**
 * flow-runtime's sessions, as the telephony edge drives them. Both calls are idempotent on
 * flow-runtime's side (by CallSid, by session and turn), so a retried webhook may simply ask again.
 * Any failure (no answer within `timeoutMs`, a coded error) is thrown; the edge apologises.
 */
export abstract class FlowSessions {
  abstract start(input: StartSessionInput, timeoutMs: number): Promise<SessionTurn>;
  abstract input(input: SessionInputInput, timeoutMs: number): Promise<SessionTurn>;
  /** How a turn's wait in a queue ended; the next turn (idempotent by session and turn). */
  abstract queueResult(input: QueueResultInput, timeoutMs: number): Promise<SessionTurn>;
  /** Whether the flow the agent logged in through asks to call them at expiry, and with what. */
  abstract expiryNotice(tenantId: string, agentId: string): Promise<ExpiryNoticeAnswer>;
}
