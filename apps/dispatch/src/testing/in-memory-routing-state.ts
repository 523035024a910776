import { normaliseSkills, unknownAgent, type MissReason, type RoutingAgent } from '@tp/routing-domain';
import { RoutingQueue, type Offer, type WaitingCall } from '../routing/application/ports/routing-queue.port';

/** An offer row as the store keeps it: the port's view plus the agent leg and the wrap-up. */
export interface StoredOffer extends Offer {
  readonly legStatus: string | null;
  /** The highest `SequenceNumber` applied; -1 until a numbered callback comes. */
  readonly legSequence: number;
  readonly acceptedAt: Date | null;
  readonly endedAt: Date | null;
  readonly wrapUpUntil: Date | null;
  readonly freedAt: Date | null;
}

/** A `routing_agent` row: the read model of one agent, its reservation and its misses in a row. */
export interface StoredAgent extends RoutingAgent {
  readonly consecutiveMisses: number;
}

/** The routed-call events the PostgreSQL queue writes to its outbox, as far as tests care. */
export interface RoutingQueueEvent {
  readonly type:
    'offer-made' | 'offer-accepted' | 'offer-missed' | 'call-answered' | 'call-abandoned' | 'call-timed-out';
  readonly callId: string;
  readonly offerId?: string;
  readonly agentId?: string;
  readonly reason?: MissReason;
}

export const FAR = new Date('2099-01-01T00:00:00.000Z');
export const agentKey = (tenantId: string, agentId: string) => `${tenantId}/${agentId}`;

/**
 * What the in-memory routing queue keeps (waiting calls, offers, the routing agents and the events
 * it would write to the outbox), with the helpers tests use to arrange and inspect it; the port's
 * steps are {@link InMemoryRoutingQueue}'s.
 */
export abstract class InMemoryRoutingState extends RoutingQueue {
  protected readonly calls = new Map<string, WaitingCall>();
  protected readonly offers = new Map<string, StoredOffer>();
  protected readonly agents = new Map<string, StoredAgent>();
  protected readonly lockedAgents = new Set<string>();
  protected readonly lockedOffers = new Set<string>();
  readonly events: RoutingQueueEvent[] = [];
  protected offerIds = 0;
  protected reservationIds = 0;

  /**
   * Agents as the read model knows them: online until far in the future, idle since the epoch plus
   * a second per agent already known (so chosen in the order given unless `idleSince` says
   * otherwise), no skills unless given, active, not reserved, no misses.
   */
  withAgents(...agents: (Partial<StoredAgent> & Pick<RoutingAgent, 'tenantId' | 'agentId'>)[]): this {
    for (const a of agents) {
      this.agents.set(agentKey(a.tenantId, a.agentId), {
        ...unknownAgent(a.tenantId, a.agentId),
        state: 'online',
        expiresAt: FAR,
        idleSince: new Date(this.agents.size * 1000),
        consecutiveMisses: 0,
        ...a,
        skills: normaliseSkills(a.skills ?? []),
      });
    }
    return this;
  }

  /** Changes an agent's row, as a presence or identity event applied by the read model would. */
  updateAgent(tenantId: string, agentId: string, changes: Partial<StoredAgent>): void {
    const agent = this.agent(tenantId, agentId);
    if (!agent) throw new Error(`no agent ${agentId} in ${tenantId}`);
    this.agents.set(agentKey(tenantId, agentId), { ...agent, ...changes });
  }

  agent(tenantId: string, agentId: string): StoredAgent | null {
    return this.agents.get(agentKey(tenantId, agentId)) ?? null;
  }

  storedOffer(id: string): StoredOffer | null {
    return this.offers.get(id) ?? null;
  }

  /** Every offer of a waiting call, in the order they were made. */
  offersOf(waitingCallId: string): StoredOffer[] {
    return [...this.offers.values()].filter((o) => o.waitingCallId === waitingCallId);
  }

  allCalls(): WaitingCall[] {
    return [...this.calls.values()];
  }

  protected releaseReservation(reservationId: string): void {
    for (const [key, agent] of this.agents)
      if (agent.reservationId === reservationId)
        this.agents.set(key, { ...agent, reservedUntil: null, reservationId: null, reservationCall: null });
  }

  /** The port's view of a stored offer (what `toOffer` reads of the row). */
  protected view(offer: StoredOffer): Offer {
    return {
      id: offer.id,
      tenantId: offer.tenantId,
      waitingCallId: offer.waitingCallId,
      agentId: offer.agentId,
      reservationId: offer.reservationId,
      attempt: offer.attempt,
      status: offer.status,
      twilioAccount: offer.twilioAccount,
      agentNumber: offer.agentNumber,
      agentCallSid: offer.agentCallSid,
      missReason: offer.missReason,
      holdUntil: offer.holdUntil,
      createdAt: offer.createdAt,
    };
  }
}
