import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@tp/ddd';
import { chooseAgentNumber } from '@tp/dispatch-domain';
import { RemoteError } from '@tp/platform';
import { offerHoldMs, type MissReason } from '@tp/routing-domain';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../dispatch.config';
import { AgentContacts } from '../../common/ports/agent-contacts.port';
import { OutboundCallRefused, OutboundCalls } from '../../common/ports/outbound-calls.port';
import { PresenceCommands } from './ports/presence-commands.port';
import { RingingOffers } from './ports/ringing-offers.port';
import { RoutingQueue, type OfferPlan } from './ports/routing-queue.port';
import { PublicUrls } from '../../common/public-urls';
import { TwilioCredentialsSource } from '../../common/twilio-credentials.source';

/** The first pause after an offer that could not be placed, and the longest (see `placingPaused`). */
export const NOT_PLACED_PAUSE_MS = 1000;
export const NOT_PLACED_MAX_PAUSE_MS = 30_000;

/**
 * Offers waiting calls to agents, safe with several replicas: each offer is claimed in
 * one transaction (the call `FOR UPDATE SKIP LOCKED`, the agent by choose-and-reserve), then the
 * agent's phone is called through Twilio's REST API with the screening URL. Misses (any status
 * but an accept, once whatever order Twilio's callbacks come in) free the agent and put the call
 * back; the agent's consecutive misses take them offline as `unreachable`. Runs when a call is
 * enqueued, when an agent may have become eligible, after a miss, and on every tick.
 */
@Injectable()
export class OfferEngine extends RingingOffers {
  private readonly logger = new Logger(OfferEngine.name);
  private readonly kicking = new Map<string, boolean>();
  /**
   * Tenants whose last offer could not be placed (Twilio or identity failing, their Twilio set-up),
   * with when to try again and the pause that led there: 1 s, doubling to 30 s, forgotten at the
   * next offer placed. Keeps a long outage from writing an `offer-missed` event every tick.
   */
  private readonly placingPaused = new Map<string, { until: number; pauseMs: number }>();
  private ticking = false;

  constructor(
    private readonly queue: RoutingQueue,
    private readonly contacts: AgentContacts,
    private readonly outbound: OutboundCalls,
    private readonly presence: PresenceCommands,
    private readonly credentials: TwilioCredentialsSource,
    private readonly urls: PublicUrls,
    private readonly clock: Clock,
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
  ) {
    super();
  }

  /** Offers the tenant's waiting calls soon (coalesced: one run at a time per tenant, again if asked meanwhile). */
  kick(tenantId: string): void {
    if (this.kicking.has(tenantId)) {
      this.kicking.set(tenantId, true);
      return;
    }
    this.kicking.set(tenantId, false);
    void this.runKick(tenantId);
  }

  private async runKick(tenantId: string): Promise<void> {
    try {
      do {
        this.kicking.set(tenantId, false);
        await this.offerWaitingCalls(tenantId);
      } while (this.kicking.get(tenantId));
    } catch (error) {
      this.logger.error(`offering the waiting calls of ${tenantId} failed: ${String(error)}`);
    } finally {
      this.kicking.delete(tenantId);
    }
  }

  /** The safety net of every replica: silent offers given up, wrap-ups ended, every tenant's calls offered. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.clock.now();
      for (const offer of await this.queue.openOffersPast(now, 100)) await this.missed(offer.id, 'timed-out');
      await this.freeDueAgents();
      await this.settleUnreachable();
      for (const tenantId of await this.queue.tenantsWithWaitingCalls(this.clock.now()))
        await this.offerWaitingCalls(tenantId);
    } finally {
      this.ticking = false;
    }
  }

  /**
   * Makes every offer that can be made now in the tenant; answers how many. An offer that could not
   * be placed (Twilio or identity failing, our Twilio set-up) ends the round: its agent stays
   * eligible for the call, and the tenant's offers pause (1 s, doubling to 30 s, until one is
   * placed) instead of a tight loop against a failing Twilio.
   */
  async offerWaitingCalls(tenantId: string): Promise<number> {
    const { ringTimeoutS, screeningTimeoutS } = this.config.offers;
    const paused = this.placingPaused.get(tenantId);
    if (paused && this.clock.now().getTime() < paused.until) return 0;
    let made = 0;
    for (;;) {
      const now = this.clock.now();
      const cutoff = new Date(now.getTime() + this.config.routingPolicy.expiryMarginMinutes * 60_000);
      const plan = await this.queue.claimNextOffer(
        tenantId,
        now,
        offerHoldMs(ringTimeoutS, screeningTimeoutS),
        cutoff,
      );
      if (!plan) return made;
      made += 1;
      const placed = await this.place(plan);
      if (placed === 'placed') this.placingPaused.delete(tenantId);
      if (placed === 'not-placed') {
        const pauseMs = Math.min(NOT_PLACED_MAX_PAUSE_MS, paused ? paused.pauseMs * 2 : NOT_PLACED_PAUSE_MS);
        this.placingPaused.set(tenantId, { until: this.clock.now().getTime() + pauseMs, pauseMs });
        return made;
      }
    }
  }

  /** Calls the agent; answers `not-placed` when the call could not be made for reasons not theirs. */
  private async place({ offer, call }: OfferPlan): Promise<'placed' | MissReason> {
    try {
      const to = chooseAgentNumber((await this.contacts.pstnNumbersOf(offer.tenantId, offer.agentId)) ?? []);
      const credentials = await this.credentials.forOwner(call.twilioAccount, call.tenantId);
      if (to === null) {
        // The agent cannot be reached by phone at all: their miss, so that they go offline in time.
        this.logger.warn(`offer ${offer.id}: agent ${offer.agentId} has no PSTN number`);
        await this.missed(offer.id, 'failed');
        return 'failed';
      }
      if (credentials === null) {
        // The tenant's Twilio set-up, not the agent: held against nobody.
        this.logger.warn(`offer ${offer.id}: no Twilio account for the number called`);
        await this.missed(offer.id, 'not-placed');
        return 'not-placed';
      }
      const { callSid } = await this.outbound.place({
        credentials,
        to,
        from: call.contactPoint,
        url: this.urls.offerScreen(offer.id),
        statusCallback: this.urls.offerStatus(offer.id),
        timeoutS: this.config.offers.ringTimeoutS,
      });
      await this.queue.offerPlaced(offer.id, to, callSid, this.clock.now());
      return 'placed';
    } catch (error) {
      // Twilio refusing the agent's number is the agent's miss; Twilio refusing our account or
      // configuration (revoked token, 'From' not owned), Twilio or identity failing, is not: three
      // such offers must not take a whole tenant's agents offline as unreachable.
      const reason = error instanceof OutboundCallRefused && error.blamesTheNumber ? 'failed' : 'not-placed';
      this.logger.warn(
        `offer ${offer.id} to agent ${offer.agentId} not placed (${reason}): ${String(error)}`,
      );
      await this.missed(offer.id, reason);
      return reason;
    }
  }

  /**
   * The caller left the queue (hung up, or the maximum wait): an offer still ringing is a miss
   * (`caller-gone`, not counted against the agent) and the agent's phone stops ringing.
   */
  async callerLeft(offerId: string | null): Promise<void> {
    if (offerId === null) return;
    const offer = await this.queue.findOffer(offerId);
    if (!offer || (offer.status !== 'placing' && offer.status !== 'ringing')) return;
    await this.missed(offer.id, 'caller-gone');
    if (offer.agentCallSid === null) return;
    try {
      const credentials = await this.credentials.forOwner(offer.twilioAccount, offer.tenantId);
      if (credentials) await this.outbound.cancel(credentials, offer.agentCallSid);
    } catch (error) {
      // Answered meanwhile: the agent hears that the caller is no longer waiting.
      this.logger.warn(`the ringing offer ${offer.id} was not cancelled: ${String(error)}`);
    }
  }

  /** Frees the agents whose wrap-up ended (presence is told); again on the next tick if that fails. */
  async freeDueAgents(): Promise<void> {
    try {
      await this.queue.freeDueAgents(this.clock.now(), 100, async (offer) => {
        try {
          await this.presence.markAvailable(offer.tenantId, offer.agentId);
        } catch (error) {
          // A coded refusal (the agent is gone) will not change by asking again.
          if (!(error instanceof RemoteError)) throw error;
          this.logger.warn(`presence refused to free agent ${offer.agentId}: ${error.message}`);
        }
        // No kick here: the agent is offered again once presence's `agent-available` event has
        // reached the routing read model, whose consumer kicks the tenant (a kick now would find
        // them still busy and reserved).
      });
    } catch (error) {
      this.logger.warn(
        `freeing agents after their wrap-up failed, trying again on the next tick: ${String(error)}`,
      );
    }
  }

  /** A miss (once): the agent freed or, at the maximum of misses in a row, offline as unreachable; the call offered again. */
  async missed(offerId: string, reason: MissReason): Promise<void> {
    const now = this.clock.now();
    const result = await this.queue.miss(offerId, reason, now, this.config.offers.maxConsecutiveMisses);
    if (!result) return;
    this.logger.log(`offer ${offerId} to agent ${result.offer.agentId} missed: ${reason}`);
    if (result.unreachable) await this.settleUnreachable();
    // The call goes to the next agent at once; after a miss that was never placed, once the
    // tenant's pause is over (the same agent may be chosen again, and Twilio is failing).
    if (reason !== 'not-placed') this.kick(result.offer.tenantId);
  }

  /** Agents at the maximum of misses in a row go offline as unreachable (again on the next tick if presence fails). */
  private async settleUnreachable(): Promise<void> {
    try {
      await this.queue.settleUnreachable(
        this.config.offers.maxConsecutiveMisses,
        100,
        async (tenantId, agentId) => {
          try {
            await this.presence.goOfflineUnreachable(tenantId, agentId);
            this.logger.log(`agent ${agentId} missed too many offers in a row: offline as unreachable`);
          } catch (error) {
            // A coded refusal (the agent is gone) will not change by asking again.
            if (!(error instanceof RemoteError)) throw error;
            this.logger.warn(`presence refused to take agent ${agentId} offline: ${error.message}`);
          }
        },
      );
    } catch (error) {
      this.logger.warn(
        `taking unreachable agents offline failed, trying again on the next tick: ${String(error)}`,
      );
    }
  }
}
