import type { TwilioCredentials } from '@tp/dispatch-domain';

/** Twilio could not be asked (unreachable, too slow, or its answer made no sense). */
export class OwnedNumbersUnavailable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'OwnedNumbersUnavailable';
  }
}

/** Twilio refused the account's credentials (401/403). */
export class OwnedNumbersCredentialsRefused extends Error {
  constructor() {
    super('Twilio refused the credentials');
    this.name = 'OwnedNumbersCredentialsRefused';
  }
}

/**
 * Which numbers a Twilio account owns (its IncomingPhoneNumbers). Throws
 * {@link OwnedNumbersCredentialsRefused} or {@link OwnedNumbersUnavailable}.
 */
export abstract class OwnedNumbers {
  abstract owns(credentials: TwilioCredentials, phoneNumber: string): Promise<boolean>;
}
