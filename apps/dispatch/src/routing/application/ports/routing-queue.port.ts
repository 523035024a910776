import type { AgentOfferView, MissReason, NewWaitingCall, WaitingCallView } from '@tp/routing-domain';

export type { NewWaitingCall };
/** A customer call waiting for an agent (the `enqueue` step of a flow turn), as the `WaitingCall` aggregate shows it. */
export type WaitingCall = WaitingCallView;
/** One offer of a waiting call to one agent, as the `AgentOffer` aggregate shows it. */
export type Offer = AgentOfferView;

/** An offer just made: the call claimed for it and the agent reserved, committed together. */
export interface OfferPlan {
  readonly offer: Offer;
  readonly call: WaitingCall;
}

/** What a miss did (null from {@link RoutingQueue.miss} when the offer was settled already). */
export interface MissResult {
  readonly offer: Offer;
  /** The agent reached the maximum of consecutive misses: they are to go offline as unreachable. */
  readonly unreachable: boolean;
}

export type AcceptResult =
  { accepted: true; offer: Offer; call: WaitingCall } | { accepted: false; why: 'caller-gone' | 'settled' };

/**
 * Waiting calls and their offers, with every step that must be atomic across dispatch replicas
 * (claiming a call, reserving an agent, accepting, missing) done in one transaction each.
 */
export abstract class RoutingQueue {
  /** Adds the waiting call; idempotent by `(callSid, turn)` (a retried webhook finds the first). */
  abstract enqueue(call: NewWaitingCall): Promise<WaitingCall>;
  abstract findCall(id: string): Promise<WaitingCall | null>;
  abstract findOffer(id: string): Promise<Offer | null>;
  /** The caller's place in line among the tenant's waiting calls, or null when no longer waiting. */
  abstract position(id: string): Promise<number | null>;
  /** Ends the wait with this status when it still waits (waiting or offering): the call as it was left; null otherwise. */
  abstract endWait(id: string, status: 'left' | 'abandoned', now: Date): Promise<WaitingCall | null>;
  /** Tenants with calls waiting (not yet being offered) and not past their deadline. */
  abstract tenantsWithWaitingCalls(now: Date): Promise<string[]>;
  /**
   * Takes the first of the tenant's waiting calls (priority, then longest waiting) for which an
   * eligible agent who has not missed it exists, reserves that agent for `holdMs` and records the
   * offer, all in one transaction (`FOR UPDATE SKIP LOCKED` on the call, choose-and-reserve on the
   * agent). Null when no call can be offered now.
   */
  abstract claimNextOffer(
    tenantId: string,
    now: Date,
    holdMs: number,
    expiryCutoff: Date,
  ): Promise<OfferPlan | null>;
  /** The agent leg was placed: ringing, with its number and CallSid. */
  abstract offerPlaced(offerId: string, agentNumber: string, agentCallSid: string, now: Date): Promise<void>;
  /** The agent pressed 1: accepted, and the call bridged, only if the offer rings and the call waits for it. */
  abstract accept(offerId: string, now: Date): Promise<AcceptResult>;
  /**
   * A miss, once: the offer missed, the agent's reservation released and their consecutive misses
   * counted (`maxConsecutiveMisses` reached: unreachable, see `settleUnreachable`), the call back to
   * waiting with the agent remembered. Null when the offer was settled already.
   */
  abstract miss(
    offerId: string,
    reason: MissReason,
    now: Date,
    maxConsecutiveMisses: number,
  ): Promise<MissResult | null>;
  /** Records the agent leg's status when newer by `SequenceNumber` (terminal states final); false when not applied. */
  abstract applyLegStatus(offerId: string, status: string, sequence: number, now: Date): Promise<boolean>;
  /** The accepted call ended: the agent is freed at `freeAt` (after the wrap-up). Null when it ended before. */
  abstract endCall(offerId: string, now: Date, freeAt: Date): Promise<Offer | null>;
  /**
   * Takes agents who reached `maxConsecutiveMisses` offline, each in its own transaction with their
   * row locked (`FOR UPDATE SKIP LOCKED`): `goOffline` runs (presence is told) and the count starts
   * again only if it succeeds, so a failure is tried again on the next tick. Answers how many.
   */
  abstract settleUnreachable(
    maxConsecutiveMisses: number,
    limit: number,
    goOffline: (tenantId: string, agentId: string) => Promise<void>,
  ): Promise<number>;
  /** Offers still placing or ringing whose hold ran out (no callback came). */
  abstract openOffersPast(now: Date, limit: number): Promise<Offer[]>;
  /**
   * Frees agents whose wrap-up ended, each in its own transaction: `free` runs (presence is told)
   * with the offer locked, and the offer is marked freed and the reservation released only if it
   * succeeds. Answers how many were freed.
   */
  abstract freeDueAgents(now: Date, limit: number, free: (offer: Offer) => Promise<void>): Promise<number>;
}
