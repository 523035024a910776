import { Injectable } from '@nestjs/common';
import type { TwilioAccountOwner } from '@tp/dispatch-domain';
import type { CallAnswer } from '../../common/call-answer';
import { AgentLegs } from '../application/agent-legs';
import { RoutingQueue } from '../application/ports/routing-queue.port';
import { QueueCalls, type EndedWait, type ParkCall, type ParkedCall } from '../application/queue-calls';

/** Who placed an offer's agent leg: the tenant and the Twilio account whose Auth Token signs its webhooks. */
export interface OfferOwner {
  readonly tenantId: string;
  readonly twilioAccount: TwilioAccountOwner;
}

/**
 * The one door of the routing wing, for the Twilio edge: park a caller, the wait turn, end a wait,
 * screen an offer, answer an offer, an agent leg's status, and whose an offer is. Everything behind
 * it (the queue, offers, reservations, the ticker, the copy of agents) is routing's own.
 */
@Injectable()
export class CallRouting {
  constructor(
    private readonly queues: QueueCalls,
    private readonly legs: AgentLegs,
    private readonly queue: RoutingQueue,
  ) {}

  /** A flow turn ended in `enqueue`: the caller waits in their own Twilio queue, offered to agents. */
  park(call: ParkCall): Promise<ParkedCall> {
    return this.queues.park(call);
  }

  /** The wait URL: the place in line and the hold prompt, or leave the queue at the maximum wait. */
  waitTurn(
    tenantId: string | null,
    callSid: string,
    waitingCallId: string,
    queueSid?: string,
  ): Promise<CallAnswer> {
    return this.queues.wait(tenantId, callSid, waitingCallId, queueSid);
  }

  /** The wait ended as `QueueResult` says; null when the waiting call is not this call's own. */
  endWait(
    tenantId: string | null,
    callSid: string,
    waitingCallId: string,
    queueResult: string | undefined,
  ): Promise<EndedWait | null> {
    return this.queues.endWait(tenantId, callSid, waitingCallId, queueResult);
  }

  /** The agent answered an offer: the whisper and "press 1", or goodbye. */
  screenOffer(tenantId: string | null, offerId: string): Promise<CallAnswer> {
    return this.legs.screen(tenantId, offerId);
  }

  /** The agent's key after the whisper: 1 bridges them to the caller, anything else is a miss. */
  answerOffer(tenantId: string | null, offerId: string, digits: string | null): Promise<CallAnswer> {
    return this.legs.answer(tenantId, offerId, digits);
  }

  /** A status callback of an agent leg (applied when newer by `SequenceNumber`). */
  legStatus(tenantId: string | null, offerId: string, status: string, sequence: number): Promise<void> {
    return this.legs.legStatus(tenantId, offerId, status, sequence);
  }

  /** Whose an offer is, for the signature guard to pick the Auth Token; null when unknown. */
  async offerOwner(offerId: string): Promise<OfferOwner | null> {
    const offer = await this.queue.findOffer(offerId);
    return offer ? { tenantId: offer.tenantId, twilioAccount: offer.twilioAccount } : null;
  }
}
