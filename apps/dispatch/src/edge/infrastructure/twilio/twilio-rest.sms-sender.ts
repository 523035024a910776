import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';
import { RebasingRequestClient } from '../../../common/infrastructure/twilio/rebasing-request.client';
import { SmsRefused, SmsSender, type SmsRequest } from '../../application/ports/sms.ports';

const REST_TIMEOUT_MS = 10_000;

/**
 * `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` through the twilio SDK, as the account
 * that owns the sender number, against `TWILIO_API_BASE_URL`. A 4xx other than 429 is Twilio
 * refusing the message for good ({@link SmsRefused}); anything else is thrown as it is.
 */
@Injectable()
export class TwilioRestSmsSender extends SmsSender {
  private readonly httpClient: RebasingRequestClient;

  constructor(@Inject(DISPATCH_CONFIG) config: DispatchConfig) {
    super();
    this.httpClient = new RebasingRequestClient(config.twilioApiBaseUrl, {
      timeout: REST_TIMEOUT_MS,
      keepAlive: true,
    });
  }

  async send(request: SmsRequest): Promise<{ messageSid: string }> {
    const client = twilio(request.credentials.accountSid, request.credentials.authToken.reveal(), {
      httpClient: this.httpClient,
    });
    try {
      const message = await client.messages.create({
        to: request.to,
        from: request.from,
        body: request.body,
      });
      return { messageSid: message.sid };
    } catch (error) {
      if (
        error instanceof twilio.RestException &&
        error.status >= 400 &&
        error.status < 500 &&
        error.status !== 429
      )
        throw new SmsRefused(error.status, error.code ?? null, error.message);
      throw error;
    }
  }
}
