import {
  afterMiss,
  normaliseSkills,
  rankEligible,
  unknownAgent,
  type MissReason,
  type RoutingAgent,
} from '@tp/routing-domain';
import { RoutingQueue, type WaitingCall } from '../routing/application/ports/routing-queue.port';

/** A `routing_agent` row: the read model of one agent, its reservation and its misses in a row. */
export interface StoredAgent extends RoutingAgent {
  readonly consecutiveMisses: number;
}

export const FAR = new Date('2099-01-01T00:00:00.000Z');
const key = (tenantId: string, agentId: string) => `${tenantId}/${agentId}`;

/**
 * Routing's read model of agents in memory (`routing_agent`): what choose-and-reserve picks from
 * (the domain's eligibility, longest idle first), the reservations, the misses in a row, and the
 * helpers tests arrange and inspect agents with. The waiting calls and offers are
 * {@link InMemoryRoutingQueue}'s. Agents held by a running `settleUnreachable` callback are
 * skipped, as `FOR UPDATE SKIP LOCKED` skips them. Reservations are `reservation-1`, `-2`, ...
 */
export abstract class InMemoryRoutingAgents extends RoutingQueue {
  private readonly agents = new Map<string, StoredAgent>();
  private readonly lockedAgents = new Set<string>();
  private reservationIds = 0;

  /**
   * Agents as the read model knows them: online until far in the future, idle since the epoch plus
   * a second per agent already known (so chosen in the order given unless `idleSince` says
   * otherwise), no skills unless given, active, not reserved, no misses.
   */
  withAgents(...agents: (Partial<StoredAgent> & Pick<RoutingAgent, 'tenantId' | 'agentId'>)[]): this {
    for (const a of agents)
      this.agents.set(key(a.tenantId, a.agentId), {
        ...unknownAgent(a.tenantId, a.agentId),
        state: 'online',
        expiresAt: FAR,
        idleSince: new Date(this.agents.size * 1000),
        consecutiveMisses: 0,
        ...a,
        skills: normaliseSkills(a.skills ?? []),
      });
    return this;
  }

  /** Changes an agent's row, as a presence or identity event applied by the read model would. */
  updateAgent(tenantId: string, agentId: string, changes: Partial<StoredAgent>): void {
    const agent = this.agent(tenantId, agentId);
    if (!agent) throw new Error(`no agent ${agentId} in ${tenantId}`);
    this.agents.set(key(tenantId, agentId), { ...agent, ...changes });
  }

  agent(tenantId: string, agentId: string): StoredAgent | null {
    return this.agents.get(key(tenantId, agentId)) ?? null;
  }

  /** Choose-and-reserve: the eligible agent idle longest who has not missed the call, held until `holdUntil`. */
  protected reserveFor(call: WaitingCall, now: Date, holdUntil: Date, expiryCutoff: Date) {
    const policy = { expiryMarginMinutes: (expiryCutoff.getTime() - now.getTime()) / 60_000 };
    const free = [...this.agents.values()].filter(
      (a) =>
        a.tenantId === call.tenantId &&
        !call.missedAgents.includes(a.agentId) &&
        !this.lockedAgents.has(key(a.tenantId, a.agentId)),
    );
    const chosen = rankEligible(free, call.requiredSkills, now, policy)[0] as StoredAgent | undefined;
    if (!chosen) return null;
    const reservationId = `reservation-${++this.reservationIds}`;
    this.updateAgent(call.tenantId, chosen.agentId, {
      reservedUntil: holdUntil,
      reservationId,
      reservationCall: call.callSid,
    });
    return { agentId: chosen.agentId, reservationId, holdUntil };
  }

  protected releaseReservation(reservationId: string): void {
    for (const [k, agent] of this.agents)
      if (agent.reservationId === reservationId)
        this.agents.set(k, { ...agent, reservedUntil: null, reservationId: null, reservationCall: null });
  }

  /** Counts a miss against the agent (`afterMiss`): whether they are now unreachable. */
  protected countMiss(tenantId: string, agentId: string, reason: MissReason, max: number): boolean {
    const counted = afterMiss(this.agent(tenantId, agentId)?.consecutiveMisses ?? 0, reason, max);
    if (this.agent(tenantId, agentId))
      this.updateAgent(tenantId, agentId, { consecutiveMisses: counted.consecutiveMisses });
    return counted.unreachable;
  }

  protected resetMisses(tenantId: string, agentId: string): void {
    if (this.agent(tenantId, agentId)) this.updateAgent(tenantId, agentId, { consecutiveMisses: 0 });
  }

  async settleUnreachable(
    maxConsecutiveMisses: number,
    limit: number,
    goOffline: (tenantId: string, agentId: string) => Promise<void>,
  ): Promise<number> {
    let settled = 0;
    while (settled < limit) {
      const agent = [...this.agents.values()].find(
        (a) =>
          a.consecutiveMisses >= maxConsecutiveMisses && !this.lockedAgents.has(key(a.tenantId, a.agentId)),
      );
      if (!agent) break;
      this.lockedAgents.add(key(agent.tenantId, agent.agentId));
      try {
        await goOffline(agent.tenantId, agent.agentId);
      } finally {
        this.lockedAgents.delete(key(agent.tenantId, agent.agentId));
      }
      this.resetMisses(agent.tenantId, agent.agentId);
      settled += 1;
    }
    return settled;
  }
}
