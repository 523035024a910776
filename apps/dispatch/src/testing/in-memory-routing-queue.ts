import {
  afterMiss,
  byOfferOrder,
  canTransition,
  excludesAgentFromCall,
  isTerminalLegStatus,
  isWaiting,
  normaliseSkills,
  queuePosition,
  rankEligible,
  type MissReason,
} from '@tp/routing-domain';
import type {
  AcceptResult,
  MissResult,
  NewWaitingCall,
  Offer,
  OfferPlan,
  WaitingCall,
} from '../routing/application/ports/routing-queue.port';
import {
  InMemoryRoutingState,
  agentKey,
  type StoredAgent,
  type StoredOffer,
} from './in-memory-routing-state';

export type { RoutingQueueEvent, StoredAgent, StoredOffer } from './in-memory-routing-state';

/**
 * The routing queue in memory, doing what `PostgresRoutingQueue` does statement for statement and
 * deciding with `@tp/routing-domain`'s rules: enqueue idempotent by `(callSid, turn)`; a claim takes
 * the tenant's first waiting call in offer order for which an eligible agent (the read model's
 * eligibility, longest idle first, those who missed the call excluded) exists, reserves the agent
 * and records the offer in one step; accept and miss move an offer only from placing/ringing, once;
 * misses counted by `afterMiss`; leg statuses applied only when newer by `SequenceNumber` and never
 * after a terminal one; wrap-ups due at `freeAt`. Each method is one synchronous step, so atomic;
 * rows held by a running `settleUnreachable` or `freeDueAgents` callback are skipped, as
 * `FOR UPDATE SKIP LOCKED` skips them, and a callback that throws leaves its row as it was (unlike
 * PostgreSQL, a miss counted while `settleUnreachable` waits on presence for that agent does not
 * wait for it). Ids are `offer-1`, `offer-2`, ... and `reservation-1`, ... so that tests can name them.
 */
export class InMemoryRoutingQueue extends InMemoryRoutingState {
  enqueue(call: NewWaitingCall): Promise<WaitingCall> {
    const first = [...this.calls.values()].find((c) => c.callSid === call.callSid && c.turn === call.turn);
    if (first) return Promise.resolve(first);
    if (this.calls.has(call.id)) return Promise.reject(new Error(`waiting call ${call.id} exists`));
    const stored: WaitingCall = {
      ...call,
      requiredSkills: normaliseSkills(call.requiredSkills),
      status: 'waiting',
      currentOfferId: null,
      missedAgents: [],
      queueSid: null,
    };
    this.calls.set(call.id, stored);
    return Promise.resolve(stored);
  }

  findCall(id: string): Promise<WaitingCall | null> {
    return Promise.resolve(this.calls.get(id) ?? null);
  }

  findOffer(id: string): Promise<Offer | null> {
    const offer = this.offers.get(id);
    return Promise.resolve(offer ? this.view(offer) : null);
  }

  position(id: string): Promise<number | null> {
    const call = this.calls.get(id);
    if (!call) return Promise.resolve(null);
    const tenant = [...this.calls.values()].filter((c) => c.tenantId === call.tenantId);
    return Promise.resolve(queuePosition(call, tenant));
  }

  endWait(id: string, status: 'left' | 'abandoned', _now: Date): Promise<WaitingCall | null> {
    const call = this.calls.get(id);
    if (!call || !isWaiting(call.status)) return Promise.resolve(null);
    const ended = { ...call, status };
    this.calls.set(id, ended);
    this.events.push({ type: status === 'abandoned' ? 'call-abandoned' : 'call-timed-out', callId: id });
    return Promise.resolve(ended);
  }

  tenantsWithWaitingCalls(now: Date): Promise<string[]> {
    const waiting = [...this.calls.values()].filter(
      (c) => c.status === 'waiting' && c.deadline.getTime() > now.getTime(),
    );
    return Promise.resolve([...new Set(waiting.map((c) => c.tenantId))]);
  }

  claimNextOffer(tenantId: string, now: Date, holdMs: number, expiryCutoff: Date): Promise<OfferPlan | null> {
    const candidates = [...this.calls.values()]
      .filter(
        (c) => c.tenantId === tenantId && c.status === 'waiting' && c.deadline.getTime() > now.getTime(),
      )
      .sort(byOfferOrder)
      .slice(0, 50);
    const policy = { expiryMarginMinutes: (expiryCutoff.getTime() - now.getTime()) / 60_000 };
    for (const call of candidates) {
      const agents = [...this.agents.values()].filter(
        (a) =>
          a.tenantId === tenantId &&
          !call.missedAgents.includes(a.agentId) &&
          !this.lockedAgents.has(agentKey(a.tenantId, a.agentId)),
      );
      const chosen = rankEligible(agents, call.requiredSkills, now, policy)[0] as StoredAgent | undefined;
      if (!chosen) continue;
      const holdUntil = new Date(now.getTime() + holdMs);
      const reservationId = `reservation-${++this.reservationIds}`;
      this.agents.set(agentKey(tenantId, chosen.agentId), {
        ...chosen,
        reservedUntil: holdUntil,
        reservationId,
        reservationCall: call.callSid,
      });
      const offer: StoredOffer = {
        id: `offer-${++this.offerIds}`,
        tenantId,
        waitingCallId: call.id,
        agentId: chosen.agentId,
        reservationId,
        attempt: this.offersOf(call.id).length + 1,
        status: 'placing',
        twilioAccount: call.twilioAccount,
        agentNumber: null,
        agentCallSid: null,
        missReason: null,
        holdUntil,
        createdAt: now,
        legStatus: null,
        legSequence: -1,
        acceptedAt: null,
        endedAt: null,
        wrapUpUntil: null,
        freedAt: null,
      };
      this.offers.set(offer.id, offer);
      const offering: WaitingCall = { ...call, status: 'offering', currentOfferId: offer.id };
      this.calls.set(call.id, offering);
      this.events.push({ type: 'offer-made', callId: call.id, offerId: offer.id, agentId: offer.agentId });
      return Promise.resolve({ offer: this.view(offer), call: offering });
    }
    return Promise.resolve(null);
  }

  offerPlaced(offerId: string, agentNumber: string, agentCallSid: string, _now: Date): Promise<void> {
    const offer = this.offers.get(offerId);
    if (offer)
      this.offers.set(offerId, {
        ...offer,
        agentNumber,
        agentCallSid,
        status: canTransition(offer.status, 'ring') ? 'ringing' : offer.status,
      });
    return Promise.resolve();
  }

  accept(offerId: string, now: Date): Promise<AcceptResult> {
    const offer = this.offers.get(offerId);
    if (!offer || !canTransition(offer.status, 'accept'))
      return Promise.resolve({ accepted: false, why: 'settled' });
    const call = this.calls.get(offer.waitingCallId);
    if (!call || call.status !== 'offering' || call.currentOfferId !== offer.id)
      return Promise.resolve({ accepted: false, why: 'caller-gone' });
    const accepted: StoredOffer = { ...offer, status: 'accepted', acceptedAt: now };
    const bridged: WaitingCall = { ...call, status: 'bridged' };
    this.offers.set(offerId, accepted);
    this.calls.set(call.id, bridged);
    const agent = this.agent(offer.tenantId, offer.agentId);
    if (agent) this.agents.set(agentKey(offer.tenantId, offer.agentId), { ...agent, consecutiveMisses: 0 });
    this.events.push(
      { type: 'offer-accepted', callId: call.id, offerId, agentId: offer.agentId },
      { type: 'call-answered', callId: call.id, agentId: offer.agentId },
    );
    return Promise.resolve({ accepted: true, offer: this.view(accepted), call: bridged });
  }

  miss(
    offerId: string,
    reason: MissReason,
    _now: Date,
    maxConsecutiveMisses: number,
  ): Promise<MissResult | null> {
    const open = this.offers.get(offerId);
    if (!open || !canTransition(open.status, 'miss')) return Promise.resolve(null);
    const offer: StoredOffer = { ...open, status: 'missed', missReason: reason };
    this.offers.set(offerId, offer);
    this.releaseReservation(offer.reservationId);
    const call = this.calls.get(offer.waitingCallId);
    if (call && call.status === 'offering' && call.currentOfferId === offer.id)
      this.calls.set(call.id, {
        ...call,
        status: 'waiting',
        currentOfferId: null,
        missedAgents: excludesAgentFromCall(reason)
          ? [...call.missedAgents, offer.agentId]
          : call.missedAgents,
      });
    const agent = this.agent(offer.tenantId, offer.agentId);
    const counted = afterMiss(agent?.consecutiveMisses ?? 0, reason, maxConsecutiveMisses);
    if (agent)
      this.agents.set(agentKey(offer.tenantId, offer.agentId), {
        ...agent,
        consecutiveMisses: counted.consecutiveMisses,
      });
    this.events.push({
      type: 'offer-missed',
      callId: offer.waitingCallId,
      offerId,
      agentId: offer.agentId,
      reason,
    });
    return Promise.resolve({ offer: this.view(offer), unreachable: counted.unreachable });
  }

  applyLegStatus(offerId: string, status: string, sequence: number, _now: Date): Promise<boolean> {
    const offer = this.offers.get(offerId);
    if (!offer) return Promise.resolve(false);
    if (offer.legStatus !== null && isTerminalLegStatus(offer.legStatus)) return Promise.resolve(false);
    // An unnumbered callback never goes over a numbered one; a numbered one only over an older one.
    const newer = sequence === -1 ? offer.legSequence === -1 : sequence > offer.legSequence;
    if (!newer) return Promise.resolve(false);
    this.offers.set(offerId, { ...offer, legStatus: status, legSequence: sequence });
    return Promise.resolve(true);
  }

  endCall(offerId: string, now: Date, freeAt: Date): Promise<Offer | null> {
    const offer = this.offers.get(offerId);
    if (!offer || !canTransition(offer.status, 'end')) return Promise.resolve(null);
    const ended: StoredOffer = { ...offer, status: 'ended', endedAt: now, wrapUpUntil: freeAt };
    this.offers.set(offerId, ended);
    return Promise.resolve(this.view(ended));
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
          a.consecutiveMisses >= maxConsecutiveMisses &&
          !this.lockedAgents.has(agentKey(a.tenantId, a.agentId)),
      );
      if (!agent) break;
      const key = agentKey(agent.tenantId, agent.agentId);
      this.lockedAgents.add(key);
      try {
        await goOffline(agent.tenantId, agent.agentId);
      } finally {
        this.lockedAgents.delete(key);
      }
      this.agents.set(key, { ...this.agents.get(key)!, consecutiveMisses: 0 });
      settled += 1;
    }
    return settled;
  }

  openOffersPast(now: Date, limit: number): Promise<Offer[]> {
    const open = [...this.offers.values()]
      .filter((o) => canTransition(o.status, 'miss') && o.holdUntil.getTime() <= now.getTime())
      .sort((a, b) => a.holdUntil.getTime() - b.holdUntil.getTime())
      .slice(0, limit);
    return Promise.resolve(open.map((o) => this.view(o)));
  }

  async freeDueAgents(now: Date, limit: number, free: (offer: Offer) => Promise<void>): Promise<number> {
    let freed = 0;
    while (freed < limit) {
      const offer = [...this.offers.values()]
        .filter(
          (o) =>
            o.wrapUpUntil !== null &&
            o.wrapUpUntil.getTime() <= now.getTime() &&
            o.freedAt === null &&
            !this.lockedOffers.has(o.id),
        )
        .sort((a, b) => a.wrapUpUntil!.getTime() - b.wrapUpUntil!.getTime())[0];
      if (!offer) break;
      this.lockedOffers.add(offer.id);
      try {
        await free(this.view(offer));
      } finally {
        this.lockedOffers.delete(offer.id);
      }
      this.offers.set(offer.id, { ...this.offers.get(offer.id)!, freedAt: now });
      this.releaseReservation(offer.reservationId);
      freed += 1;
    }
    return freed;
  }
}
