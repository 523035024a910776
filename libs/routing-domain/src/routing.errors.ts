import { DomainError } from '@tp/ddd';

/**
 * A transition the routing aggregates refuse. None reaches a transport: dispatch's routing queue
 * answers the port's "settled", "caller-gone" or null instead, as a second attempt is normal there
 * (a retried webhook, a status callback racing a key press, two replicas).
 */
export abstract class RoutingRefusal extends DomainError {
  readonly kind = 'conflict' as const;
}

/** The offer was accepted, missed or ended already: it can no longer be accepted or missed. */
export class OfferSettled extends RoutingRefusal {
  readonly code = 'ROUTING.OFFER_SETTLED';
  constructor(offerId: string, status: string, transition: string) {
    super(`offer ${offerId} is ${status}: it cannot be ${transition}`, { offerId, status, transition });
  }
}

/** The caller no longer waits for this offer (they left, or the call was taken back). */
export class CallerGone extends RoutingRefusal {
  readonly code = 'ROUTING.CALLER_GONE';
  constructor(offerId: string, waitingCallId: string | null) {
    super(`the caller of offer ${offerId} no longer waits for it`, { offerId, waitingCallId });
  }
}

/** Why a call cannot be offered now. */
export type NotOfferableReason = 'not-waiting' | 'past-deadline' | 'agent-missed-it';

export class CallNotOfferable extends RoutingRefusal {
  readonly code = 'ROUTING.CALL_NOT_OFFERABLE';
  constructor(waitingCallId: string, reason: NotOfferableReason) {
    super(`call ${waitingCallId} cannot be offered: ${reason}`, { waitingCallId, reason });
  }
}

/** The wait ended already (bridged, left or abandoned): it cannot end again. */
export class WaitAlreadyEnded extends RoutingRefusal {
  readonly code = 'ROUTING.WAIT_ENDED';
  constructor(waitingCallId: string, status: string) {
    super(`the wait of call ${waitingCallId} ended already (${status})`, { waitingCallId, status });
  }
}

/** Only an accepted offer is a call that can end. */
export class OfferNotAccepted extends RoutingRefusal {
  readonly code = 'ROUTING.OFFER_NOT_ACCEPTED';
  constructor(offerId: string, status: string) {
    super(`offer ${offerId} is ${status}: only an accepted call ends`, { offerId, status });
  }
}

/** The agent of this offer is not due to be freed (no wrap-up, not over yet, or freed already). */
export class WrapUpNotDue extends RoutingRefusal {
  readonly code = 'ROUTING.WRAP_UP_NOT_DUE';
  constructor(offerId: string) {
    super(`the wrap-up of offer ${offerId} is not due`, { offerId });
  }
}

/**
 * Runs a transition of a routing aggregate: the refusal it threw, or null when it happened. Any other
 * error is thrown on. For stores whose port answers "not now" rather than failing.
 */
export function refusalOf(transition: () => void): RoutingRefusal | null {
  try {
    transition();
    return null;
  } catch (error) {
    if (error instanceof RoutingRefusal) return error;
    throw error;
  }
}
