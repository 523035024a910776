import { Injectable, Logger } from '@nestjs/common';
import type { MissReason, QueueOutcome } from '@tp/routing-domain';
import type { Offer, WaitingCall } from '../ports/routing-queue.port';

/**
 * What routing tells subscribers (offers made, accepted, missed; calls answered, abandoned, timed
 * out). This increment logs them; the integration events through the outbox are still to do.
 */
@Injectable()
export class RoutingEvents {
  private readonly logger = new Logger('RoutingEvents');

  offerMade(offer: Offer, call: WaitingCall, _at: Date): Promise<void> {
    this.logger.log(
      `offer ${offer.id} of call ${call.callSid} to agent ${offer.agentId} (attempt ${offer.attempt})`,
    );
    return Promise.resolve();
  }

  offerAccepted(offer: Offer, call: WaitingCall, _at: Date): Promise<void> {
    this.logger.log(`offer ${offer.id} of call ${call.callSid} accepted by agent ${offer.agentId}`);
    return Promise.resolve();
  }

  offerMissed(offer: Offer, reason: MissReason, _at: Date): Promise<void> {
    this.logger.log(`offer ${offer.id} to agent ${offer.agentId} missed: ${reason}`);
    return Promise.resolve();
  }

  waitEnded(call: WaitingCall, outcome: QueueOutcome, _at: Date): Promise<void> {
    this.logger.log(`call ${call.callSid} left the ${call.queueName} queue: ${outcome}`);
    return Promise.resolve();
  }
}
