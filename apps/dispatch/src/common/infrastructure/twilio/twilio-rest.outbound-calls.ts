import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import {
  OutboundCallRefused,
  OutboundCalls,
  type OutboundCallRequest,
} from '../../ports/outbound-calls.port';
import type { TwilioCredentials } from '@tp/dispatch-domain';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';
import { RebasingRequestClient } from './rebasing-request.client';

/** How long an agent's phone rings for a notice before Twilio gives up (`Timeout`). */
export const NOTICE_RING_TIMEOUT_S = 30;
/** How long one REST request may take. */
const REST_TIMEOUT_MS = 10_000;

/**
 * `POST /2010-04-01/Accounts/{AccountSid}/Calls.json` through the twilio SDK, authenticated as the
 * account that owns the `From` number, against `TWILIO_API_BASE_URL`. A 4xx is Twilio refusing the
 * call for good ({@link OutboundCallRefused}), except 429 (too many requests: it passes); anything
 * else is thrown as it is (worth a retry).
 */
@Injectable()
export class TwilioRestOutboundCalls extends OutboundCalls {
  private readonly httpClient: RebasingRequestClient;

  constructor(@Inject(DISPATCH_CONFIG) config: DispatchConfig) {
    super();
    this.httpClient = new RebasingRequestClient(config.twilioApiBaseUrl, {
      timeout: REST_TIMEOUT_MS,
      keepAlive: true,
    });
  }

  async cancel(credentials: TwilioCredentials, callSid: string): Promise<void> {
    const client = twilio(credentials.accountSid, credentials.authToken.reveal(), {
      httpClient: this.httpClient,
    });
    await client.calls(callSid).update({ status: 'canceled' });
  }

  async place(request: OutboundCallRequest): Promise<{ callSid: string }> {
    const client = twilio(request.credentials.accountSid, request.credentials.authToken.reveal(), {
      httpClient: this.httpClient,
    });
    try {
      const call = await client.calls.create({
        to: request.to,
        from: request.from,
        url: request.url,
        method: 'POST',
        statusCallback: request.statusCallback,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        timeout: request.timeoutS ?? NOTICE_RING_TIMEOUT_S,
      });
      return { callSid: call.sid };
    } catch (error) {
      if (
        error instanceof twilio.RestException &&
        error.status >= 400 &&
        error.status < 500 &&
        error.status !== 429
      )
        throw new OutboundCallRefused(error.status, error.code ?? null, error.message);
      throw error;
    }
  }
}
