import type { SpeechStep } from '@tp/contracts';
import { AggregateRoot } from '@tp/ddd';
import type { TwilioAccountOwner } from '@tp/dispatch-domain';
import { AgentOffer } from './agent-offer';
import { excludesAgentFromCall } from './offer';
import { isWaiting, type WaitingCallStatus } from './queue';
import { CallerGone, CallNotOfferable, WaitAlreadyEnded } from './routing.errors';
import type { RoutingEvent, WaitRef } from './routing.events';
import { normaliseSkills } from './routing-agent';

/** A customer call as a flow's `enqueue` step parks it. */
export interface NewWaitingCall {
  readonly id: string;
  readonly tenantId: string;
  readonly callSid: string;
  readonly sessionId: string;
  readonly turn: number;
  readonly twilioAccount: TwilioAccountOwner;
  /** The number the caller dialled: agents are called from it. */
  readonly contactPoint: string;
  readonly queueNodeId: string;
  readonly queueName: string;
  readonly requiredSkills: readonly string[];
  readonly priority: number;
  readonly hold: readonly SpeechStep[];
  readonly enqueuedAt: Date;
  readonly deadline: Date;
}

/** What the application sees of a waiting call. */
export interface WaitingCallView extends NewWaitingCall {
  readonly status: WaitingCallStatus;
  readonly currentOfferId: string | null;
  readonly missedAgents: readonly string[];
  /** The Twilio queue's SID, once a wait URL request told it (dispatch dequeues the caller with it). */
  readonly queueSid: string | null;
}

/** All a waiting call keeps: the view, how many offers it made, and when its wait ended. */
export interface WaitingCallState extends WaitingCallView {
  readonly offersMade: number;
  readonly endedAt: Date | null;
}

/** What an offer of the call needs besides the call: ids the store makes, the agent it reserved. */
export interface OfferTerms {
  readonly offerId: string;
  readonly agentId: string;
  readonly reservationId: string;
  readonly holdUntil: Date;
}

/**
 * A caller's life in the queue: waiting, offered to one agent at a time (offering), then answered
 * (bridged), timed out (left) or abandoned. An agent who missed the call is not offered it again
 * (unless the offer was never placed); a call is offered only while waiting and before its deadline;
 * a wait ends once. Records `call-answered`, `call-abandoned` and `call-timed-out`; the offers it
 * makes record theirs ({@link AgentOffer}).
 */
export class WaitingCall extends AggregateRoot<RoutingEvent> {
  private constructor(private current: WaitingCallState) {
    super();
  }

  /** A new wait: skills normalised, nobody offered it yet. */
  static enqueue(call: NewWaitingCall): WaitingCall {
    return new WaitingCall({
      ...call,
      requiredSkills: normaliseSkills(call.requiredSkills),
      status: 'waiting',
      currentOfferId: null,
      missedAgents: [],
      queueSid: null,
      offersMade: 0,
      endedAt: null,
    });
  }

  /** The call as stored (no event recorded). */
  static restore(state: WaitingCallState): WaitingCall {
    return new WaitingCall({ ...state });
  }

  get id(): string {
    return this.current.id;
  }

  get status(): WaitingCallStatus {
    return this.current.status;
  }

  state(): WaitingCallState {
    return { ...this.current };
  }

  view(): WaitingCallView {
    const { offersMade: _made, endedAt: _ended, ...view } = this.current;
    return view;
  }

  /** What names this wait in the events. */
  waitRef(): WaitRef {
    const { tenantId, callSid, id, sessionId, queueNodeId, queueName } = this.current;
    return { tenantId, callSid, waitingCallId: id, sessionId, queueNodeId, queueName };
  }

  /** Whether the caller still waits for this offer (the call is offering it). */
  isOfferedTo(offerId: string): boolean {
    return this.current.status === 'offering' && this.current.currentOfferId === offerId;
  }

  /** Why the call cannot be offered to this agent now, or null when it can. */
  whyNotOfferable(now: Date, agentId?: string): CallNotOfferable | null {
    const { id, status, deadline, missedAgents } = this.current;
    if (status !== 'waiting') return new CallNotOfferable(id, 'not-waiting');
    if (now.getTime() >= deadline.getTime()) return new CallNotOfferable(id, 'past-deadline');
    if (agentId !== undefined && missedAgents.includes(agentId))
      return new CallNotOfferable(id, 'agent-missed-it');
    return null;
  }

  /** Offers the call to the agent reserved for it: the call offering, the offer placing (`offer-made`). */
  offerTo(terms: OfferTerms, now: Date): AgentOffer {
    const refusal = this.whyNotOfferable(now, terms.agentId);
    if (refusal) throw refusal;
    const attempt = this.current.offersMade + 1;
    const { offerId: id, agentId, reservationId, holdUntil } = terms;
    const { twilioAccount } = this.current;
    const offer = AgentOffer.make(
      this,
      { id, agentId, reservationId, holdUntil, attempt, twilioAccount },
      now,
    );
    this.current = {
      ...this.current,
      status: 'offering',
      currentOfferId: terms.offerId,
      offersMade: attempt,
    };
    return offer;
  }

  /** The accepted offer's agent takes the caller: bridged (`call-answered`). */
  answeredBy(offer: AgentOffer, now: Date): void {
    if (offer.status !== 'accepted' || !this.isOfferedTo(offer.id)) throw new CallerGone(offer.id, this.id);
    this.current = { ...this.current, status: 'bridged' };
    this.record({
      type: 'call-answered',
      wait: this.waitRef(),
      agentId: offer.agentId,
      waitedSeconds: this.waitedSeconds(now),
      at: now,
    });
  }

  /**
   * The missed offer gives the call back: waiting again, the agent remembered (unless the offer was
   * never placed). A call no longer offering it (the caller left meanwhile) stays as it is.
   */
  offerMissed(offer: AgentOffer): void {
    if (offer.missReason === null || !this.isOfferedTo(offer.id)) return;
    const missedAgents = excludesAgentFromCall(offer.missReason)
      ? [...this.current.missedAgents, offer.agentId]
      : this.current.missedAgents;
    this.current = { ...this.current, status: 'waiting', currentOfferId: null, missedAgents };
  }

  /** The caller hung up while waiting or being offered (`call-abandoned`). */
  abandon(now: Date): void {
    this.endWait('abandoned', now);
  }

  /** The caller left the queue at the maximum wait, or by any other way out (`call-timed-out`). */
  timeOut(now: Date): void {
    this.endWait('left', now);
  }

  private endWait(status: 'left' | 'abandoned', now: Date): void {
    if (!isWaiting(this.current.status)) throw new WaitAlreadyEnded(this.id, this.current.status);
    this.current = { ...this.current, status, endedAt: now };
    this.record({
      type: status === 'abandoned' ? 'call-abandoned' : 'call-timed-out',
      wait: this.waitRef(),
      agentId: null,
      waitedSeconds: this.waitedSeconds(now),
      at: now,
    });
  }

  private waitedSeconds(now: Date): number {
    return Math.max(0, Math.round((now.getTime() - this.current.enqueuedAt.getTime()) / 100) / 10);
  }
}
