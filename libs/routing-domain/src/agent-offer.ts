import { AggregateRoot } from '@tp/ddd';
import type { TwilioAccountOwner } from '@tp/dispatch-domain';
import { canTransition, isTerminalLegStatus, type MissReason, type OfferStatus } from './offer';
import { CallerGone, OfferNotAccepted, OfferSettled, WrapUpNotDue } from './routing.errors';
import type { RoutingEvent } from './routing.events';
import type { WaitingCall } from './waiting-call';

/** What the application sees of an offer. */
export interface AgentOfferView {
  readonly id: string;
  readonly tenantId: string;
  readonly waitingCallId: string;
  readonly agentId: string;
  readonly reservationId: string;
  /** 1 for the first agent offered this call, 2 for the next, ... */
  readonly attempt: number;
  readonly status: OfferStatus;
  readonly twilioAccount: TwilioAccountOwner;
  readonly agentNumber: string | null;
  readonly agentCallSid: string | null;
  readonly missReason: MissReason | null;
  readonly holdUntil: Date;
  readonly createdAt: Date;
}

/** All an offer keeps: the view, the agent leg's last status, and the times of its call. */
export interface AgentOfferState extends AgentOfferView {
  readonly legStatus: string | null;
  /** The highest `SequenceNumber` applied; -1 until a numbered callback comes. */
  readonly legSequence: number;
  readonly acceptedAt: Date | null;
  readonly endedAt: Date | null;
  readonly wrapUpUntil: Date | null;
  readonly freedAt: Date | null;
}

/**
 * One waiting call offered to one agent: placing (the agent's phone is being called), ringing,
 * then accepted (the agent pressed 1 while the caller still waited) or missed with its reason, once;
 * an accepted offer is the agent's call, which ends (the wrap-up until a time), and then the agent
 * is freed. Records `offer-made`, `offer-accepted` and `offer-missed`. Made only by
 * {@link WaitingCall.offerTo}.
 */
export class AgentOffer extends AggregateRoot<RoutingEvent> {
  private constructor(private current: AgentOfferState) {
    super();
  }

  /** A new offer of the call, placing (`offer-made`). */
  static make(
    call: WaitingCall,
    terms: Pick<
      AgentOfferView,
      'id' | 'agentId' | 'reservationId' | 'holdUntil' | 'attempt' | 'twilioAccount'
    >,
    now: Date,
  ): AgentOffer {
    const wait = call.waitRef();
    const offer = new AgentOffer({
      ...terms,
      tenantId: wait.tenantId,
      waitingCallId: wait.waitingCallId,
      status: 'placing',
      agentNumber: null,
      agentCallSid: null,
      missReason: null,
      createdAt: now,
      legStatus: null,
      legSequence: -1,
      acceptedAt: null,
      endedAt: null,
      wrapUpUntil: null,
      freedAt: null,
    });
    offer.record({ type: 'offer-made', ...offer.about(call, now) });
    return offer;
  }

  /** The offer as stored (no event recorded). */
  static restore(state: AgentOfferState): AgentOffer {
    return new AgentOffer({ ...state });
  }

  get id(): string {
    return this.current.id;
  }

  get agentId(): string {
    return this.current.agentId;
  }

  get status(): OfferStatus {
    return this.current.status;
  }

  get missReason(): MissReason | null {
    return this.current.missReason;
  }

  state(): AgentOfferState {
    return { ...this.current };
  }

  view(): AgentOfferView {
    const c = this.current;
    return {
      id: c.id,
      tenantId: c.tenantId,
      waitingCallId: c.waitingCallId,
      agentId: c.agentId,
      reservationId: c.reservationId,
      attempt: c.attempt,
      status: c.status,
      twilioAccount: c.twilioAccount,
      agentNumber: c.agentNumber,
      agentCallSid: c.agentCallSid,
      missReason: c.missReason,
      holdUntil: c.holdUntil,
      createdAt: c.createdAt,
    };
  }

  /** Still placing or ringing: it can be accepted or missed. */
  isOpen(): boolean {
    return canTransition(this.current.status, 'miss');
  }

  /** Open, and its hold ran out without a callback. */
  isPastHold(now: Date): boolean {
    return this.isOpen() && this.current.holdUntil.getTime() <= now.getTime();
  }

  /** The agent leg was placed: its number and CallSid kept; a placing offer rings (a settled one stays settled). */
  placed(agentNumber: string, agentCallSid: string): void {
    const status = canTransition(this.current.status, 'ring') ? 'ringing' : this.current.status;
    this.current = { ...this.current, agentNumber, agentCallSid, status };
  }

  /**
   * An agent leg status callback: applied only when newer by `SequenceNumber` (an unnumbered one,
   * -1, only until a numbered one came) and never after a final status. Answers whether it applied.
   */
  legStatus(status: string, sequence: number): boolean {
    const { legStatus, legSequence } = this.current;
    if (legStatus !== null && isTerminalLegStatus(legStatus)) return false;
    const newer = sequence === -1 ? legSequence === -1 : sequence > legSequence;
    if (newer) this.current = { ...this.current, legStatus: status, legSequence: sequence };
    return newer;
  }

  /**
   * The agent pressed 1: accepted (`offer-accepted`) and the caller answered by them, only while the
   * offer is open ({@link OfferSettled} otherwise) and the call still waits for it ({@link CallerGone}).
   */
  accept(call: WaitingCall | null, now: Date): void {
    if (!this.isOpen()) throw new OfferSettled(this.id, this.current.status, 'accepted');
    if (!call || !call.isOfferedTo(this.id)) throw new CallerGone(this.id, call?.id ?? null);
    this.current = { ...this.current, status: 'accepted', acceptedAt: now };
    this.record({ type: 'offer-accepted', ...this.about(call, now) });
    call.answeredBy(this, now);
  }

  /** A miss, once, while open (`offer-missed`): the call is given back ({@link WaitingCall.offerMissed}). */
  miss(reason: MissReason, call: WaitingCall, now: Date): void {
    if (!this.isOpen()) throw new OfferSettled(this.id, this.current.status, 'missed');
    this.current = { ...this.current, status: 'missed', missReason: reason };
    this.record({ type: 'offer-missed', ...this.about(call, now), reason });
    call.offerMissed(this);
  }

  /** The accepted call ended: the agent wraps up until `freeAt`. */
  end(now: Date, freeAt: Date): void {
    if (!canTransition(this.current.status, 'end')) throw new OfferNotAccepted(this.id, this.current.status);
    this.current = { ...this.current, status: 'ended', endedAt: now, wrapUpUntil: freeAt };
  }

  /** Whether the agent's wrap-up ended and they are not freed yet. */
  isDueToFree(now: Date): boolean {
    const { wrapUpUntil, freedAt } = this.current;
    return wrapUpUntil !== null && freedAt === null && wrapUpUntil.getTime() <= now.getTime();
  }

  /** The agent's wrap-up ended: they are free (their reservation is released by the store). */
  free(now: Date): void {
    if (!this.isDueToFree(now)) throw new WrapUpNotDue(this.id);
    this.current = { ...this.current, freedAt: now };
  }

  private about(call: WaitingCall, at: Date) {
    const { id: offerId, agentId, attempt } = this.current;
    return { wait: call.waitRef(), offerId, agentId, attempt, at };
  }
}
