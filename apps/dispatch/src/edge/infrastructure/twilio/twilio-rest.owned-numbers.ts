import { Inject, Injectable } from '@nestjs/common';
import type { TwilioCredentials } from '@tp/dispatch-domain';
import twilio from 'twilio';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';
import { RebasingRequestClient } from '../../../common/infrastructure/twilio/rebasing-request.client';
import {
  OwnedNumbers,
  OwnedNumbersCredentialsRefused,
  OwnedNumbersUnavailable,
} from '../../application/ports/owned-numbers.port';

/** An admin waits for this answer: Twilio gets 5 s, then the check is unavailable (503). */
const OWNERSHIP_TIMEOUT_MS = 5_000;

/**
 * `GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json?PhoneNumber=...` through the
 * twilio SDK, as the account itself, against `TWILIO_API_BASE_URL`. Twilio's `PhoneNumber` filter
 * also matches parts of numbers, so only an exact E.164 match counts. 401/403: the credentials are
 * refused; anything else that is not an answer (no connection, a timeout, 429, 5xx): unavailable.
 */
@Injectable()
export class TwilioRestOwnedNumbers extends OwnedNumbers {
  private readonly httpClient: RebasingRequestClient;

  constructor(@Inject(DISPATCH_CONFIG) config: DispatchConfig) {
    super();
    this.httpClient = new RebasingRequestClient(config.twilioApiBaseUrl, {
      timeout: OWNERSHIP_TIMEOUT_MS,
      keepAlive: true,
    });
  }

  async owns(credentials: TwilioCredentials, phoneNumber: string): Promise<boolean> {
    const client = twilio(credentials.accountSid, credentials.authToken.reveal(), {
      httpClient: this.httpClient,
    });
    try {
      const numbers = await client.incomingPhoneNumbers.list({ phoneNumber, limit: 20 });
      return numbers.some((number) => number.phoneNumber === phoneNumber);
    } catch (error) {
      if (error instanceof twilio.RestException && (error.status === 401 || error.status === 403))
        throw new OwnedNumbersCredentialsRefused();
      if (error instanceof twilio.RestException)
        throw new OwnedNumbersUnavailable(`Twilio answered ${error.status} ${error.code ?? ''}`.trim());
      const code = (error as { code?: unknown }).code;
      throw new OwnedNumbersUnavailable(
        typeof code === 'string' ? `Twilio not reachable: ${code}` : 'Twilio not reachable',
      );
    }
  }
}
