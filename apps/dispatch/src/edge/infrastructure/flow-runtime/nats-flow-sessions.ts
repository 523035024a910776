import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import {
  ExpiryNotice,
  SessionInput,
  SessionQueueResult,
  StartSession,
  type SessionTurn,
} from '@tp/contracts';
import { callRpc, NATS_RPC_CLIENT } from '@tp/platform';
import {
  FlowSessions,
  type ExpiryNoticeAnswer,
  type QueueResultInput,
  type SessionInputInput,
  type StartSessionInput,
} from '../../application/ports/flow-sessions.port';

/** How long the expiry consumer waits for flow-runtime (a failure is retried later). */
const EXPIRY_NOTICE_TIMEOUT_MS = 5000;

/** flow-runtime's session contracts over NATS request/reply, validated both ways by `callRpc`. */
@Injectable()
export class NatsFlowSessions extends FlowSessions {
  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  start(input: StartSessionInput, timeoutMs: number): Promise<SessionTurn> {
    return callRpc(this.client, StartSession, input, timeoutMs);
  }

  input(input: SessionInputInput, timeoutMs: number): Promise<SessionTurn> {
    return callRpc(this.client, SessionInput, input, timeoutMs);
  }

  queueResult(input: QueueResultInput, timeoutMs: number): Promise<SessionTurn> {
    return callRpc(this.client, SessionQueueResult, input, timeoutMs);
  }

  expiryNotice(tenantId: string, agentId: string): Promise<ExpiryNoticeAnswer> {
    return callRpc(this.client, ExpiryNotice, { tenantId, agentId }, EXPIRY_NOTICE_TIMEOUT_MS);
  }
}
