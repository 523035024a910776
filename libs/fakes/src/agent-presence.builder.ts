import { AgentPresence, type AgentPresenceProps, type PresenceReason } from '@tp/timed-presence-domain';

/**
 * Test data for agent presence: offline agent `agent-1` of tenant `acme` unless told otherwise.
 *
 *     const presence = anAgentPresence().onlineUntil('2026-01-15T17:00:00Z').withSequence(3).build();
 */
export class AgentPresenceBuilder {
  private props: AgentPresenceProps = {
    tenantId: 'acme',
    agentId: 'agent-1',
    state: 'offline',
    expiresAt: null,
    breakEndsAt: null,
    sequence: 0,
    lastReason: null,
    changedAt: null,
    expiredWhileBusy: false,
  };

  forTenant(tenantId: string): this {
    return this.with({ tenantId });
  }

  forAgent(agentId: string): this {
    return this.with({ agentId });
  }

  offline(): this {
    return this.with({ state: 'offline', expiresAt: null, breakEndsAt: null, expiredWhileBusy: false });
  }

  onlineUntil(expiresAt: Date | string): this {
    return this.with({
      state: 'online',
      expiresAt: new Date(expiresAt),
      breakEndsAt: null,
      expiredWhileBusy: false,
    });
  }

  busyUntil(expiresAt: Date | string): this {
    return this.with({ state: 'busy', expiresAt: new Date(expiresAt), breakEndsAt: null });
  }

  /** On a break until `breakEndsAt`, online until `expiresAt` when it ends. */
  onBreakUntil(breakEndsAt: Date | string, expiresAt: Date | string): this {
    return this.with({
      state: 'on-break',
      expiresAt: new Date(expiresAt),
      breakEndsAt: new Date(breakEndsAt),
      expiredWhileBusy: false,
    });
  }

  /** Busy, and the expiry already passed during the call. */
  expiredWhileBusy(): this {
    return this.with({ expiredWhileBusy: true });
  }

  withSequence(sequence: number): this {
    return this.with({ sequence });
  }

  lastChanged(reason: PresenceReason, at: Date | string): this {
    return this.with({ lastReason: reason, changedAt: new Date(at) });
  }

  build(): AgentPresence {
    return AgentPresence.restore(this.props);
  }

  private with(change: Partial<AgentPresenceProps>): this {
    this.props = { ...this.props, ...change };
    return this;
  }
}

export function anAgentPresence(): AgentPresenceBuilder {
  return new AgentPresenceBuilder();
}
