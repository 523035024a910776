import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@tp/ddd';
import { afterDequeueAttempt, type DequeueAttempt } from '@tp/routing-domain';
import { QueueMembers } from './ports/queue-members.port';
import { RingingOffers } from './ports/ringing-offers.port';
import type { WaitingCall } from './ports/routing-queue.port';
import { WaitDeadlines, type DueDequeue } from './ports/wait-deadlines.port';
import { PublicUrls } from '../../common/public-urls';
import { TwilioCredentialsSource } from '../../common/twilio-credentials.source';

/**
 * How long one replica holds a dequeue while it asks Twilio: longer than the REST request may take
 * (5 s), so no other replica asks at the same time; a replica that dies meanwhile is relieved then.
 */
export const DEQUEUE_LEASE_MS = 15_000;
/** Calls ended and dequeues requested per round. */
const BATCH = 50;

/**
 * The maximum wait, to the tick (ADR 14): each round ends the waits past their deadline (claimed
 * in PostgreSQL, so once across replicas and never for a call an agent is accepting), calls off a
 * ringing offer, and takes the caller out of their Twilio queue through the Queue Member resource
 * with the URL of the flow's timeout turn, so the caller hears the no-agent prompt now and not at
 * the end of the hold prompt. A failed request is made again on the next round; the wait URL's
 * `<Leave/>` stays the fallback, and whichever takes the caller out first, the other finds no
 * member (Twilio's 404) or is not listened to.
 */
@Injectable()
export class MaxWaitEnforcer {
  private readonly logger = new Logger(MaxWaitEnforcer.name);

  constructor(
    private readonly deadlines: WaitDeadlines,
    private readonly members: QueueMembers,
    private readonly offers: RingingOffers,
    private readonly credentials: TwilioCredentialsSource,
    private readonly urls: PublicUrls,
    private readonly clock: Clock,
  ) {}

  /** One round; answers the calls it dealt with. */
  async enforce(): Promise<number> {
    const now = this.clock.now();
    const due = await this.deadlines.claimDue(now, new Date(now.getTime() + DEQUEUE_LEASE_MS), BATCH);
    // One slow request must not hold up the other callers.
    await Promise.all(due.map((d) => this.end(d)));
    return due.length;
  }

  private async end({ call, endedNow, attempt }: DueDequeue): Promise<void> {
    await Promise.all([
      call.queueSid === null || attempt === 0
        ? Promise.resolve()
        : this.dequeue(call, call.queueSid, attempt),
      endedNow ? this.callOffOffer(call) : Promise.resolve(),
    ]);
  }

  private async dequeue(call: WaitingCall, queueSid: string, attempt: number): Promise<void> {
    try {
      const credentials = await this.credentials.forOwner(call.twilioAccount, call.tenantId);
      const result: DequeueAttempt =
        credentials === null
          ? 'refused'
          : await this.members.dequeue({
              credentials,
              queueSid,
              callSid: call.callSid,
              url: this.urls.queueTimeout(call.id),
            });
      const status = afterDequeueAttempt(result, attempt);
      if (result === 'dequeued') {
        this.logger.log(`call ${call.callSid} reached its maximum wait: taken out of its queue`);
      } else if (status !== 'done') {
        this.logger.warn(
          `call ${call.callSid} reached its maximum wait but was not taken out of its queue (${result}, attempt ${attempt}): ${
            status === 'pending'
              ? 'asking again on the next tick'
              : `giving up${credentials === null ? ' (no Twilio account)' : ''}, the wait URL makes it leave`
          }`,
        );
      }
      await this.deadlines.settleDequeue(call.id, status, this.clock.now());
    } catch (error) {
      // The lease runs out and another round asks again.
      this.logger.warn(`dequeuing call ${call.callSid} at its maximum wait failed: ${String(error)}`);
    }
  }

  private async callOffOffer(call: WaitingCall): Promise<void> {
    try {
      await this.offers.callerLeft(call.currentOfferId);
    } catch (error) {
      // The offer's hold runs out and the tick gives it up.
      this.logger.warn(`the offer of call ${call.callSid} was not called off: ${String(error)}`);
    }
  }
}
