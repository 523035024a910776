import { Inject, Injectable, Logger } from '@nestjs/common';
import { dequeueAttemptOf, type DequeueAttempt } from '@tp/routing-domain';
import twilio from 'twilio';
import { QueueMembers, type DequeueRequest } from '../../application/ports/queue-members.port';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';
import { RebasingRequestClient } from '../../../common/infrastructure/twilio/rebasing-request.client';

/** How long one dequeue request may take (the tick asks again after a failure). */
const DEQUEUE_TIMEOUT_MS = 5_000;

/**
 * `POST /2010-04-01/Accounts/{AccountSid}/Queues/{QueueSid}/Members/{CallSid}.json` with `Url` and
 * `Method=POST` through the twilio SDK, as the account that owns the caller's number, against
 * `TWILIO_API_BASE_URL`: Twilio takes the caller out of the queue, requests the `<Enqueue>` action
 * (`QueueResult=redirected`) and has the call run the TwiML at `Url`. Twilio's answer is classified
 * by `dequeueAttemptOf` (404: the caller is no longer a member); no answer at all is `failed`.
 */
@Injectable()
export class TwilioRestQueueMembers extends QueueMembers {
  private readonly logger = new Logger(TwilioRestQueueMembers.name);
  private readonly httpClient: RebasingRequestClient;

  constructor(@Inject(DISPATCH_CONFIG) config: DispatchConfig) {
    super();
    this.httpClient = new RebasingRequestClient(config.twilioApiBaseUrl, {
      timeout: DEQUEUE_TIMEOUT_MS,
      keepAlive: true,
    });
  }

  async dequeue(request: DequeueRequest): Promise<DequeueAttempt> {
    const client = twilio(request.credentials.accountSid, request.credentials.authToken.reveal(), {
      httpClient: this.httpClient,
    });
    try {
      await client
        .queues(request.queueSid)
        .members(request.callSid)
        .update({ url: request.url, method: 'POST' });
      return 'dequeued';
    } catch (error) {
      const status = error instanceof twilio.RestException ? error.status : null;
      const attempt = dequeueAttemptOf(status);
      if (attempt !== 'not-in-queue')
        this.logger.warn(`dequeuing ${request.callSid} from ${request.queueSid}: ${String(error)}`);
      return attempt;
    }
  }
}
