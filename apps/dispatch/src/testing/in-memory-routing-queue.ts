import { AgentOffer, byOfferOrder, CallerGone, queuePosition, refusalOf } from '@tp/routing-domain';
import { WaitingCall, type AgentOfferState, type MissReason, type RoutingEvent } from '@tp/routing-domain';
import type * as Port from '../routing/application/ports/routing-queue.port';
import { InMemoryRoutingAgents } from './in-memory-routing-agents';

const done = <T>(value: T) => Promise.resolve(value);

/**
 * The routing queue in memory: a map of `WaitingCall` and one of `AgentOffer` aggregates, each step
 * loading the aggregates, letting them decide (a refusal is the port's null, false or "settled")
 * and keeping the events they record in `events`, as `PostgresRoutingQueue` writes them to the
 * outbox. Agents, their reservations and misses are {@link InMemoryRoutingAgents}'. Each step is
 * synchronous, so atomic; offers held by a running `freeDueAgents` callback are skipped, as
 * `FOR UPDATE SKIP LOCKED` skips them. Offers are `offer-1`, `offer-2`, ... so that tests can name them.
 */
export class InMemoryRoutingQueue extends InMemoryRoutingAgents {
  private readonly calls = new Map<string, WaitingCall>();
  private readonly offers = new Map<string, AgentOffer>();
  private readonly lockedOffers = new Set<string>();
  readonly events: RoutingEvent[] = [];
  private offerIds = 0;

  enqueue(call: Port.NewWaitingCall): Promise<Port.WaitingCall> {
    const first = this.allCalls().find((c) => c.callSid === call.callSid && c.turn === call.turn);
    if (first) return done(first);
    if (this.calls.has(call.id)) return Promise.reject(new Error(`waiting call ${call.id} exists`));
    this.calls.set(call.id, WaitingCall.enqueue(call));
    return done(this.calls.get(call.id)!.view());
  }

  findCall(id: string): Promise<Port.WaitingCall | null> {
    return done(this.calls.get(id)?.view() ?? null);
  }

  findOffer(id: string): Promise<Port.Offer | null> {
    return done(this.offers.get(id)?.view() ?? null);
  }

  position(id: string): Promise<number | null> {
    const call = this.calls.get(id)?.view();
    const line = this.allCalls().filter((c) => c.tenantId === call?.tenantId);
    return done(call ? queuePosition(call, line) : null);
  }

  endWait(id: string, status: 'left' | 'abandoned', now: Date): Promise<Port.WaitingCall | null> {
    const call = this.calls.get(id);
    const ended = call && !refusalOf(() => (status === 'left' ? call.timeOut(now) : call.abandon(now)));
    return done(ended ? this.saved(call).view() : null);
  }

  tenantsWithWaitingCalls(now: Date): Promise<string[]> {
    const waiting = [...this.calls.values()].filter((c) => c.whyNotOfferable(now) === null);
    return done([...new Set(waiting.map((c) => c.view().tenantId))]);
  }

  claimNextOffer(tenantId: string, now: Date, holdMs: number, cutoff: Date): Promise<Port.OfferPlan | null> {
    const candidates = [...this.calls.values()]
      .filter((c) => c.view().tenantId === tenantId && c.whyNotOfferable(now) === null)
      .sort((a, b) => byOfferOrder(a.view(), b.view()))
      .slice(0, 50);
    for (const call of candidates) {
      const reserved = this.reserveFor(call.view(), now, new Date(now.getTime() + holdMs), cutoff);
      if (!reserved) continue;
      const offer = call.offerTo({ offerId: `offer-${++this.offerIds}`, ...reserved }, now);
      this.offers.set(offer.id, this.saved(offer));
      return done({ offer: offer.view(), call: this.saved(call).view() });
    }
    return done(null);
  }

  offerPlaced(offerId: string, agentNumber: string, agentCallSid: string, _now: Date): Promise<void> {
    this.offers.get(offerId)?.placed(agentNumber, agentCallSid);
    return done(undefined);
  }

  accept(offerId: string, now: Date): Promise<Port.AcceptResult> {
    const offer = this.offers.get(offerId);
    const call = offer ? (this.calls.get(offer.view().waitingCallId) ?? null) : null;
    const refusal = offer ? refusalOf(() => offer.accept(call, now)) : null;
    if (!offer || refusal)
      return done({ accepted: false, why: refusal instanceof CallerGone ? 'caller-gone' : 'settled' });
    this.resetMisses(offer.view().tenantId, offer.agentId);
    return done({ accepted: true, offer: this.saved(offer).view(), call: this.saved(call!).view() });
  }

  miss(offerId: string, reason: MissReason, now: Date, max: number): Promise<Port.MissResult | null> {
    const offer = this.offers.get(offerId);
    const call = offer && this.calls.get(offer.view().waitingCallId);
    if (!offer || !call || refusalOf(() => offer.miss(reason, call, now))) return done(null);
    const { tenantId, agentId, reservationId } = this.saved(offer).view();
    this.saved(call);
    this.releaseReservation(reservationId);
    const unreachable = this.countMiss(tenantId, agentId, reason, max);
    return done({ offer: offer.view(), unreachable });
  }

  applyLegStatus(offerId: string, status: string, sequence: number, _now: Date): Promise<boolean> {
    return done(this.offers.get(offerId)?.legStatus(status, sequence) ?? false);
  }

  endCall(offerId: string, now: Date, freeAt: Date): Promise<Port.Offer | null> {
    const offer = this.offers.get(offerId);
    return done(offer && !refusalOf(() => offer.end(now, freeAt)) ? offer.view() : null);
  }

  openOffersPast(now: Date, limit: number): Promise<Port.Offer[]> {
    const open = [...this.offers.values()].filter((o) => o.isPastHold(now)).map((o) => o.view());
    return done(open.sort((a, b) => a.holdUntil.getTime() - b.holdUntil.getTime()).slice(0, limit));
  }

  async freeDueAgents(now: Date, limit: number, free: (offer: Port.Offer) => Promise<void>): Promise<number> {
    let freed = 0;
    while (freed < limit) {
      const [offer] = [...this.offers.values()]
        .filter((o) => o.isDueToFree(now) && !this.lockedOffers.has(o.id))
        .sort((a, b) => a.state().wrapUpUntil!.getTime() - b.state().wrapUpUntil!.getTime());
      if (!offer) break;
      this.lockedOffers.add(offer.id);
      try {
        await free(offer.view());
      } finally {
        this.lockedOffers.delete(offer.id);
      }
      offer.free(now);
      this.releaseReservation(offer.view().reservationId);
      freed += 1;
    }
    return freed;
  }

  storedOffer(id: string): AgentOfferState | null {
    return this.offers.get(id)?.state() ?? null;
  }

  /** Every offer of a waiting call, in the order they were made. */
  offersOf(waitingCallId: string): AgentOfferState[] {
    return [...this.offers.values()].map((o) => o.state()).filter((o) => o.waitingCallId === waitingCallId);
  }

  allCalls(): Port.WaitingCall[] {
    return [...this.calls.values()].map((c) => c.view());
  }

  /** The aggregate, its recorded events kept (what the PostgreSQL queue writes to its outbox). */
  private saved<T extends WaitingCall | AgentOffer>(aggregate: T): T {
    this.events.push(...aggregate.pullEvents());
    return aggregate;
  }
}
