import {
  FlowSession,
  FlowSessionChangedConcurrently,
  FlowSessionRepository,
  type AgentLogin,
  type FlowSessionProps,
} from '@tp/flow-domain';

/**
 * Flow sessions in memory, with the rules of the real adapter: one session per call and tenant,
 * work on one session strictly one at a time (as the row lock does), nothing saved when the work
 * throws, the agent's last login kept with the turn that made it.
 */
export class InMemoryFlowSessionRepository extends FlowSessionRepository {
  private readonly sessions = new Map<string, FlowSessionProps>();
  private readonly logins = new Map<string, AgentLogin>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private ids = 0;

  nextId(): string {
    this.ids += 1;
    return `session-${this.ids}`;
  }

  findByCallSid(tenantId: string, callSid: string): Promise<FlowSession | null> {
    const props = [...this.sessions.values()].find((s) => s.tenantId === tenantId && s.callSid === callSid);
    return Promise.resolve(props === undefined ? null : FlowSession.restore(props));
  }

  async insertOrGet(session: FlowSession): Promise<FlowSession> {
    const existing = await this.findByCallSid(session.tenantId, session.callSid);
    if (existing) return existing;
    this.sessions.set(session.id, session.toSnapshot());
    this.keepLogins(session);
    return FlowSession.restore(session.toSnapshot());
  }

  withSession<T>(
    tenantId: string,
    sessionId: string,
    work: (session: FlowSession | null) => Promise<T>,
  ): Promise<T> {
    const previous = this.locks.get(sessionId) ?? Promise.resolve();
    const run = previous.then(async () => {
      const props = this.sessions.get(sessionId);
      const session = props === undefined || props.tenantId !== tenantId ? null : FlowSession.restore(props);
      const result = await work(session);
      if (session !== null && session.turn !== session.storedTurn) {
        if (this.sessions.get(sessionId)?.turn !== session.storedTurn)
          throw new FlowSessionChangedConcurrently(sessionId, session.storedTurn);
        this.sessions.set(sessionId, session.toSnapshot());
        this.keepLogins(session);
      }
      return result;
    });
    this.locks.set(
      sessionId,
      run.catch(() => undefined),
    );
    return run;
  }

  lastLogin(tenantId: string, agentId: string): Promise<AgentLogin | null> {
    return Promise.resolve(this.logins.get(`${tenantId}/${agentId}`) ?? null);
  }

  /** Every stored session of a tenant (for assertions). */
  all(tenantId: string): FlowSessionProps[] {
    return [...this.sessions.values()].filter((s) => s.tenantId === tenantId);
  }

  private keepLogins(session: FlowSession): void {
    for (const event of session.pullEvents()) {
      this.logins.set(`${event.tenantId}/${event.agentId}`, {
        tenantId: event.tenantId,
        agentId: event.agentId,
        flowId: event.flowId,
        flowVersion: event.flowVersion,
        callSid: event.callSid,
        loggedInAt: event.occurredAt,
      });
    }
  }
}
