import {
  isSupportedCountry,
  parsePhoneNumberWithError,
  ParseError,
  validatePhoneNumberLength,
  type CountryCode,
} from 'libphonenumber-js/max';
import { InvalidPhoneNumber, type InvalidPhoneNumberReason } from './phone.errors';

/** An ISO 3166-1 alpha-2 region code such as `US` or `GB`, used to read national numbers. */
export type RegionCode = CountryCode;

/**
 * What people type into a phone field: digits, an optional leading `+` (or `00`-style prefix with a
 * default country), and the usual separators (spaces, dashes, dots, slashes, parentheses).
 * Anything else (letters, `:`, `@`, `;`, `#`, `*`) is not a phone number, whatever it contains:
 * `client:alice`, `sip:+14158675309@pbx`, `anonymous`, `+1 415 867 5309 x12`.
 */
const TYPED_PHONE_NUMBER = /^\+?[\d\s\-./()]+$/;

/** Numbers parsed so far (a value object never changes), by default country and text; bounded. */
const PARSED = new Map<string, PhoneNumber>();
const PARSED_MAX = 10_000;

/**
 * A telephone number in E.164 form (`+14158675309`), the key by which an agent is recognised
 * from a call's caller ID and the number a customer call is sent to.
 *
 * The rule ({@link PhoneNumber.parse}): a number is accepted when its country calling code exists
 * and its digit count fits that country's plan (libphonenumber's "possible"). Whether it also lies
 * in an assigned range (libphonenumber's "valid") is reported by {@link PhoneNumber.isValid}, and
 * {@link PhoneNumber.parseValid} insists on it. The lenient rule keeps fictional and test numbers
 * (`+1 555 123 4567`, used by simulators and demos) usable, while still rejecting garbage and typos
 * in length; real caller IDs are looked up as they come, so an unassigned number simply matches nobody.
 */
export class PhoneNumber {
  private constructor(
    /** The number in E.164 form, e.g. `+14158675309`. */
    readonly value: string,
    /** True when libphonenumber knows the number lies in an assigned range of a region. */
    readonly isValid: boolean,
    /** The region the number belongs to (`US`, `GB`), or null for non-geographic or unknown ranges. */
    readonly region: RegionCode | null,
    /** The country calling code without `+`, e.g. `1` or `44`. */
    readonly countryCallingCode: string,
  ) {}

  /**
   * Reads a typed number and normalises it to E.164. `defaultCountry` reads national numbers
   * (`(415) 867-5309` with `US`); a number with `+` keeps its own country. An unsupported default
   * country counts as none. Throws {@link InvalidPhoneNumber} when the text is not a possible number.
   */
  static parse(input: string, defaultCountry?: string): PhoneNumber {
    // Every call reads its caller's and its called number: the same few texts, parsed once each.
    const key = `${defaultCountry ?? ''}|${input}`;
    const known = PARSED.get(key);
    if (known !== undefined) return known;
    const parsed = PhoneNumber.parseAnew(input, defaultCountry);
    PARSED.set(key, parsed);
    if (PARSED.size > PARSED_MAX) {
      const oldest = PARSED.keys().next().value;
      if (oldest !== undefined) PARSED.delete(oldest);
    }
    return parsed;
  }

  private static parseAnew(input: string, defaultCountry?: string): PhoneNumber {
    const text = input.trim();
    if (text === '') throw new InvalidPhoneNumber(input, 'empty');
    if (!TYPED_PHONE_NUMBER.test(text)) throw new InvalidPhoneNumber(input, 'not-a-phone-number');

    const region =
      defaultCountry !== undefined && isSupportedCountry(defaultCountry) ? defaultCountry : undefined;
    let parsed;
    try {
      parsed = parsePhoneNumberWithError(text, region);
    } catch (error) {
      throw new InvalidPhoneNumber(input, reasonOfParseError(error, text));
    }
    if (!parsed.isPossible()) {
      throw new InvalidPhoneNumber(input, reasonOfLength(validatePhoneNumberLength(text, region)));
    }
    return new PhoneNumber(
      parsed.number,
      parsed.isValid(),
      parsed.country ?? null,
      parsed.countryCallingCode,
    );
  }

  /** As {@link PhoneNumber.parse}, and also rejects a number outside the assigned ranges (`invalid-for-region`). */
  static parseValid(input: string, defaultCountry?: string): PhoneNumber {
    const phone = PhoneNumber.parse(input, defaultCountry);
    if (!phone.isValid) throw new InvalidPhoneNumber(input, 'invalid-for-region');
    return phone;
  }

  /** As {@link PhoneNumber.parse}, but answers null instead of throwing; for caller IDs that may be withheld. */
  static tryParse(input: string | null | undefined, defaultCountry?: string): PhoneNumber | null {
    if (input === null || input === undefined) return null;
    try {
      return PhoneNumber.parse(input, defaultCountry);
    } catch (error) {
      if (error instanceof InvalidPhoneNumber) return null;
      throw error;
    }
  }

  equals(other: PhoneNumber): boolean {
    return this.value === other.value;
  }

  /** The E.164 form. */
  toString(): string {
    return this.value;
  }

  toJSON(): string {
    return this.value;
  }
}

function reasonOfParseError(error: unknown, text: string): InvalidPhoneNumberReason {
  if (!(error instanceof ParseError)) throw error;
  switch (error.message) {
    case 'INVALID_COUNTRY':
      return text.startsWith('+') ? 'unknown-country-code' : 'missing-country-code';
    case 'TOO_SHORT':
      return 'too-short';
    case 'TOO_LONG':
      return 'too-long';
    default:
      // NOT_A_NUMBER, INVALID_LENGTH on a text that survived the character check.
      return 'not-a-phone-number';
  }
}

function reasonOfLength(result: ReturnType<typeof validatePhoneNumberLength>): InvalidPhoneNumberReason {
  switch (result) {
    case 'TOO_SHORT':
      return 'too-short';
    case 'TOO_LONG':
      return 'too-long';
    default:
      return 'invalid-length';
  }
}
