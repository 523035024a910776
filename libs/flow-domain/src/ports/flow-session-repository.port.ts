import type { FlowSession } from '../flow-session';

/** Where the agent last signed in from: the flow whose settings an expiry notice follows. */
export interface AgentLogin {
  readonly tenantId: string;
  readonly agentId: string;
  readonly flowId: string;
  readonly flowVersion: number;
  readonly callSid: string;
  readonly loggedInAt: Date;
}

/** Where flow sessions are kept between the webhooks of a call, whichever replica takes the next one. */
export abstract class FlowSessionRepository {
  abstract nextId(): string;
  abstract findByCallSid(tenantId: string, callSid: string): Promise<FlowSession | null>;
  /**
   * Stores a new session unless the call already has one (a retried start won the race), and
   * answers the stored session either way.
   */
  abstract insertOrGet(session: FlowSession): Promise<FlowSession>;
  /**
   * Runs `work` with the session of the tenant (null when there is none) locked against every other
   * replica, then saves what `work` changed: the next turn and the agent's login, in one transaction.
   * When `work` throws, nothing is saved. Two deliveries of the same keys are answered one after the
   * other, so the second sees the first's reply.
   */
  abstract withSession<T>(
    tenantId: string,
    sessionId: string,
    work: (session: FlowSession | null) => Promise<T>,
  ): Promise<T>;
  abstract lastLogin(tenantId: string, agentId: string): Promise<AgentLogin | null>;
}
