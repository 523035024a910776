import { InvalidPhoneNumber, PhoneNumber, type InvalidPhoneNumberReason } from './index';

function rejectionOf(input: string, defaultCountry?: string): InvalidPhoneNumber {
  try {
    PhoneNumber.parse(input, defaultCountry);
  } catch (error) {
    if (error instanceof InvalidPhoneNumber) return error;
    throw error;
  }
  throw new Error(`"${input}" was accepted`);
}

describe(PhoneNumber.name, () => {
  it.each([
    ['the vendor example with dashes', '+1-234-567-8910', '+12345678910'],
    ['spaces', '+1 415 867 5309', '+14158675309'],
    ['parentheses and dots', '+1 (415) 867.5309', '+14158675309'],
    ['an already normalised number', '+14158675309', '+14158675309'],
    ['blanks around the number', '  +1 415 867 5309 ', '+14158675309'],
    ['a London number', '+44 20 7946 0958', '+442079460958'],
    ['a slash as separator', '+49 30/123456', '+4930123456'],
    ['a non-geographic number', '+800 1234 5678', '+80012345678'],
  ])('normalises %s to E.164', (_case, input, e164) => {
    const phone = PhoneNumber.parse(input);

    expect(phone.value).toBe(e164);
    expect(phone.toString()).toBe(e164);
  });

  it('accepts the vendor example +1-234-567-8910 as a valid US number', () => {
    const phone = PhoneNumber.parse('+1-234-567-8910');

    expect(phone).toMatchObject({
      value: '+12345678910',
      isValid: true,
      region: 'US',
      countryCallingCode: '1',
    });
  });

  it.each([
    ['(415) 867-5309', 'US', '+14158675309'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['0044 20 7946 0958', 'GB', '+442079460958'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
  ])('reads the national number %s with the default country %s', (input, country, e164) => {
    expect(PhoneNumber.parse(input, country).value).toBe(e164);
  });

  it('ignores a default country it does not know', () => {
    expect(PhoneNumber.parse('+1 415 867 5309', 'XX').value).toBe('+14158675309');
    expect(rejectionOf('415 867 5309', 'XX').reason).toBe('missing-country-code');
  });

  it.each<[string, string, InvalidPhoneNumberReason]>([
    ['nothing', '', 'empty'],
    ['only blanks', '   ', 'empty'],
    ['a withheld caller ID', 'anonymous', 'not-a-phone-number'],
    ['a Twilio client identity', 'client:alice', 'not-a-phone-number'],
    ['a SIP address', 'sip:+14158675309@pbx.example.com', 'not-a-phone-number'],
    ['a tel URI', 'tel:+14158675309', 'not-a-phone-number'],
    ['a number with an extension', '+1 415 867 5309 x12', 'not-a-phone-number'],
    ['digits mixed with letters', 'abc123', 'not-a-phone-number'],
    ['a lone plus sign', '+', 'not-a-phone-number'],
    ['only separators', '(-)', 'not-a-phone-number'],
    ['keypad symbols', '*67#', 'not-a-phone-number'],
    ['a national number without a country', '415-867-5309', 'missing-country-code'],
    ['an unknown country calling code', '+999 1234567', 'unknown-country-code'],
    ['a country calling code alone', '+1', 'too-short'],
    ['too few digits for the country', '+1 234 567 891', 'too-short'],
    ["Twilio's pseudo number for anonymous callers", '+266696687', 'too-short'],
    ['too many digits for the country', '+1 234 567 89101', 'too-long'],
    ['more digits than any number has', '+12345678901234567', 'too-long'],
    ['a length between the lengths the country uses', '+44 2222 2222', 'invalid-length'],
  ])('rejects %s', (_case, input, reason) => {
    const error = rejectionOf(input);

    expect(error.code).toBe('PHONE.INVALID_NUMBER');
    expect(error.kind).toBe('invalid');
    expect(error.reason).toBe(reason);
    expect(error.details).toEqual({ input, reason });
  });

  it('rejects a text far longer than any phone number', () => {
    expect(rejectionOf('1'.repeat(300), 'US').reason).toBe('too-long');
  });

  it('accepts a possible number outside the assigned ranges, and says it is not valid', () => {
    const phone = PhoneNumber.parse('+1 555 123 4567');

    expect(phone).toMatchObject({ value: '+15551234567', isValid: false, region: null });
  });

  it.each(['+1 555 123 4567', '+44 20 7946 095'])(
    'rejects %s as invalid for its region when validity is required',
    (input) => {
      expect(() => PhoneNumber.parseValid(input)).toThrow(
        expect.objectContaining({ code: 'PHONE.INVALID_NUMBER', reason: 'invalid-for-region' }),
      );
    },
  );

  it('gives a valid number back when validity is required', () => {
    expect(PhoneNumber.parseValid('+44 20 7946 0958').region).toBe('GB');
  });

  it.each([
    ['+1 415 867 5309', '+14158675309'],
    ['anonymous', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('tries to read %p as %p without throwing', (input, expected) => {
    expect(PhoneNumber.tryParse(input)?.value ?? null).toBe(expected);
  });

  it('tries a national number with a default country', () => {
    expect(PhoneNumber.tryParse('(415) 867-5309', 'US')?.value).toBe('+14158675309');
  });

  it('is equal to the same number however it was typed', () => {
    const typed = PhoneNumber.parse('+1 (415) 867-5309');

    expect(typed.equals(PhoneNumber.parse('+14158675309'))).toBe(true);
    expect(typed.equals(PhoneNumber.parse('+44 20 7946 0958'))).toBe(false);
  });

  it('travels as its E.164 text in JSON', () => {
    expect(JSON.stringify({ phone: PhoneNumber.parse('+1 415 867 5309') })).toBe('{"phone":"+14158675309"}');
  });

  it('reads a text it has read before without parsing it again, and keeps only the latest 10,000', () => {
    const first = PhoneNumber.parse('+1 (415) 867-5309');
    expect(PhoneNumber.parse('+1 (415) 867-5309')).toBe(first);

    for (let i = 0; i < 10_000; i += 1) PhoneNumber.parse(`+1415555${String(i).padStart(4, '0')}`);

    const again = PhoneNumber.parse('+1 (415) 867-5309');
    expect(again).not.toBe(first);
    expect(again.value).toBe(first.value);
  });
});

describe(InvalidPhoneNumber.name, () => {
  it('names the input and the reason in its message', () => {
    const error = new InvalidPhoneNumber('anonymous', 'not-a-phone-number');

    expect(error.message).toBe('"anonymous" is not a phone number (not-a-phone-number)');
    expect(error.name).toBe('InvalidPhoneNumber');
  });
});
