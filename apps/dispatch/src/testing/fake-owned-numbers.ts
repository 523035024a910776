import type { TwilioCredentials } from '@tp/dispatch-domain';
import { OwnedNumbers } from '../edge/application/ports/owned-numbers.port';

/**
 * Twilio's IncomingPhoneNumbers as the application sees them: the numbers each Account SID owns.
 * `failWith` makes every question fail with that error (Twilio down, or credentials refused).
 */
export class FakeOwnedNumbers extends OwnedNumbers {
  readonly asked: { accountSid: string; phoneNumber: string }[] = [];
  failWith: Error | null = null;
  private readonly owned = new Map<string, Set<string>>();

  own(accountSid: string, ...phoneNumbers: string[]): this {
    const numbers = this.owned.get(accountSid) ?? new Set<string>();
    for (const number of phoneNumbers) numbers.add(number);
    this.owned.set(accountSid, numbers);
    return this;
  }

  owns(credentials: TwilioCredentials, phoneNumber: string): Promise<boolean> {
    this.asked.push({ accountSid: credentials.accountSid, phoneNumber });
    if (this.failWith) return Promise.reject(this.failWith);
    return Promise.resolve(this.owned.get(credentials.accountSid)?.has(phoneNumber) ?? false);
  }
}
