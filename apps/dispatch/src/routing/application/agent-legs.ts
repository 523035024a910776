import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@tp/ddd';
import {
  isTerminalLegStatus,
  missReasonOfLegStatus,
  screeningAnswer,
  twilioQueueName,
  wrapUpEndsAt,
} from '@tp/routing-domain';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../dispatch.config';
import type { CallAnswer } from '../../common/call-answer';
import { OfferEngine } from './offer-engine';
import { PresenceCommands } from './ports/presence-commands.port';
import { RoutingQueue, type Offer } from './ports/routing-queue.port';

export const GOODBYE_TEXT = 'Goodbye.';
export const CALLER_GONE_TEXT = 'Sorry, the caller is no longer waiting. Goodbye.';
export const screeningText = (queueName: string) => `A call from the ${queueName} queue. Press 1 to accept.`;

const goodbye = (text = GOODBYE_TEXT): CallAnswer => ({
  outcome: 'ok',
  steps: [{ type: 'say', text }, { type: 'hangup' }],
  turn: null,
});

/**
 * The agent's leg of an offer, as Twilio reports it: the screening (the whisper and "press 1"),
 * the agent's key (1 bridges them to the caller; anything else is a miss), and the leg's status
 * callbacks (a final one while ringing is a miss; the end of an accepted call starts the wrap-up).
 */
@Injectable()
export class AgentLegs {
  private readonly logger = new Logger(AgentLegs.name);

  constructor(
    private readonly queue: RoutingQueue,
    private readonly engine: OfferEngine,
    private readonly presence: PresenceCommands,
    private readonly clock: Clock,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {}

  /** The agent leg answered: the whisper and "press 1", or goodbye when the offer is over. */
  async screen(tenantId: string | null, offerId: string): Promise<CallAnswer> {
    const offer = await this.queue.findOffer(offerId);
    if (!offer || offer.tenantId !== tenantId || (offer.status !== 'placing' && offer.status !== 'ringing'))
      return goodbye();
    const call = await this.queue.findCall(offer.waitingCallId);
    if (!call || call.status !== 'offering' || call.currentOfferId !== offer.id) {
      await this.engine.missed(offer.id, 'caller-gone');
      return goodbye(CALLER_GONE_TEXT);
    }
    return {
      outcome: 'ok',
      steps: [
        {
          type: 'screen',
          offerId: offer.id,
          text: screeningText(call.queueName),
          timeoutS: this.config.offers.screeningTimeoutS,
        },
      ],
      turn: null,
    };
  }

  /** The agent's key after the whisper: 1 bridges them to the caller; anything else is a miss. */
  async answer(tenantId: string | null, offerId: string, digits: string | null): Promise<CallAnswer> {
    const offer = await this.queue.findOffer(offerId);
    if (!offer || offer.tenantId !== tenantId) return goodbye();
    const keys = screeningAnswer(digits);
    if (!keys.accept) {
      await this.engine.missed(offer.id, keys.miss);
      return goodbye();
    }
    const now = this.clock.now();
    const result = await this.queue.accept(offer.id, now);
    if (!result.accepted) {
      if (result.why === 'caller-gone') await this.engine.missed(offer.id, 'caller-gone');
      return goodbye(CALLER_GONE_TEXT);
    }
    try {
      await this.presence.markBusy(offer.tenantId, offer.agentId, result.call.callSid);
    } catch (error) {
      this.logger.warn(
        `agent ${offer.agentId} took call ${result.call.callSid} but is not marked busy: ${String(error)}`,
      );
    }
    this.logger.log(`agent ${offer.agentId} accepted call ${result.call.callSid} (offer ${offer.id})`);
    return {
      outcome: 'ok',
      steps: [{ type: 'bridge-to-queue', twilioQueue: twilioQueueName(result.call.callSid) }],
      turn: null,
    };
  }

  /** A status callback of an agent leg: applied when newer; a final one is a miss or the end of the call. */
  async legStatus(tenantId: string | null, offerId: string, status: string, sequence: number): Promise<void> {
    const offer = await this.queue.findOffer(offerId);
    if (!offer || offer.tenantId !== tenantId) return;
    if (!(await this.queue.applyLegStatus(offer.id, status, sequence, this.clock.now()))) return;
    if (!isTerminalLegStatus(status)) return;
    const current = (await this.queue.findOffer(offer.id))!;
    if (current.status === 'placing' || current.status === 'ringing') {
      await this.engine.missed(current.id, missReasonOfLegStatus(status)!);
    } else if (current.status === 'accepted') {
      await this.callEnded(current);
    }
  }

  private async callEnded(offer: Offer): Promise<void> {
    const now = this.clock.now();
    let expires = false;
    try {
      expires = await this.presence.expiresWhenCallEnds(offer.tenantId, offer.agentId);
    } catch (error) {
      this.logger.warn(`presence of agent ${offer.agentId} unknown at the end of a call: ${String(error)}`);
    }
    // An agent whose hours ran out during the call goes offline now, without a wrap-up.
    const freeAt = expires ? now : wrapUpEndsAt(now, this.config.offers.wrapUpS);
    const ended = await this.queue.endCall(offer.id, now, freeAt);
    if (ended && freeAt.getTime() <= now.getTime()) await this.engine.freeDueAgents();
  }
}
