import { DomainError } from '@tp/ddd';

/**
 * Why a text is not accepted as a phone number.
 * - `empty`: nothing but blanks.
 * - `not-a-phone-number`: letters or other symbols, e.g. `anonymous`, `client:alice`, `sip:…`,
 *   `tel:…` or an extension such as `x12` (an extension is stored in its own field).
 * - `missing-country-code`: a national number without `+` and without a default country.
 * - `unknown-country-code`: a `+` followed by a country calling code that does not exist.
 * - `too-short` / `too-long` / `invalid-length`: the digits do not fit the length plan of the country.
 * - `invalid-for-region`: the length fits but the number is not in an assigned range
 *   (only raised by {@link PhoneNumber.parseValid}).
 */
export type InvalidPhoneNumberReason =
  | 'empty'
  | 'not-a-phone-number'
  | 'missing-country-code'
  | 'unknown-country-code'
  | 'too-short'
  | 'too-long'
  | 'invalid-length'
  | 'invalid-for-region';

export class InvalidPhoneNumber extends DomainError {
  readonly code = 'PHONE.INVALID_NUMBER';
  readonly kind = 'invalid' as const;

  constructor(
    readonly input: string,
    readonly reason: InvalidPhoneNumberReason,
  ) {
    super(`"${input}" is not a phone number (${reason})`, { input, reason });
  }
}
