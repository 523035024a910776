import {
  MappingFieldInvalid,
  parseContactPoint,
  parseFlowId,
  parseInteractionType,
  parseMappingDescription,
  parseMappingName,
  parseMappingType,
  parseTwilioAccountOwner,
} from './index';

function failure(run: () => unknown): MappingFieldInvalid {
  try {
    run();
  } catch (error) {
    if (error instanceof MappingFieldInvalid) return error;
    throw error;
  }
  throw new Error('expected a MappingFieldInvalid');
}

describe(parseMappingName.name, () => {
  it('trims a name and keeps it', () => {
    expect(parseMappingName('  Support queue - Timed Presence login ')).toBe(
      'Support queue - Timed Presence login',
    );
  });

  it.each([
    ['', 'must not be blank'],
    ['   ', 'must not be blank'],
    ['x'.repeat(101), 'must be at most 100 characters'],
    ['tab\there', 'must not contain control characters'],
  ])('refuses %j: %s', (input, reason) => {
    const error = failure(() => parseMappingName(input));
    expect(error.code).toBe('DISPATCH.NAME_INVALID');
    expect(error.details).toEqual({ field: 'name', reason });
    expect(error.kind).toBe('invalid');
  });
});

describe(parseMappingDescription.name, () => {
  it.each([
    [undefined, null],
    [null, null],
    ['   ', null],
    [" John Smith's PSTN for Timed Presence ", "John Smith's PSTN for Timed Presence"],
    ['two\nlines', 'two\nlines'],
  ])('reads %j as %j', (input, expected) => {
    expect(parseMappingDescription(input)).toBe(expected);
  });

  it('refuses one longer than 500 characters, or with control characters', () => {
    expect(failure(() => parseMappingDescription('d'.repeat(501))).code).toBe('DISPATCH.DESCRIPTION_INVALID');
    expect(failure(() => parseMappingDescription('bell\u0007')).details).toEqual({
      field: 'description',
      reason: 'must not contain control characters',
    });
  });
});

describe(parseContactPoint.name, () => {
  it.each([
    ['+1-234-567-8910', '+12345678910'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['+44 20 7946 0958', '+442079460958'],
  ])('normalises %j to E.164 %j', (input, expected) => {
    expect(parseContactPoint(input)).toBe(expected);
  });

  it.each([
    ['(415) 555-0100', 'missing-country-code'],
    ['anonymous', 'not-a-phone-number'],
    ['', 'empty'],
    ['+1 415', 'too-short'],
  ])('refuses %j (%s)', (input, reason) => {
    const error = failure(() => parseContactPoint(input));
    expect(error.code).toBe('DISPATCH.PHONE_NUMBER_INVALID');
    expect(error.details).toEqual({
      field: 'phoneNumber',
      reason: `is not an E.164 phone number (${reason})`,
    });
  });
});

describe('the closed lists', () => {
  it('knows voice, contact-point, and the two Twilio account owners', () => {
    expect(parseInteractionType('voice')).toBe('voice');
    expect(parseMappingType('contact-point')).toBe('contact-point');
    expect(parseTwilioAccountOwner('platform')).toBe('platform');
    expect(parseTwilioAccountOwner('tenant')).toBe('tenant');
  });

  it.each([
    [() => parseInteractionType('chat'), 'DISPATCH.INTERACTION_TYPE_UNSUPPORTED', 'must be one of voice'],
    [() => parseMappingType('queue'), 'DISPATCH.MAPPING_TYPE_UNSUPPORTED', 'must be one of contact-point'],
    [
      () => parseTwilioAccountOwner('other'),
      'DISPATCH.TWILIO_ACCOUNT_INVALID',
      'must be one of platform, tenant',
    ],
  ])('refuses anything else (%#)', (run, code, reason) => {
    const error = failure(run);
    expect(error.code).toBe(code);
    expect(error.details.reason).toBe(reason);
  });
});

describe(parseFlowId.name, () => {
  it('takes ids that are safe as NATS subject tokens', () => {
    expect(parseFlowId('3f1c2b9e-1d2c-4a55-9e0b-0e1f2a3b4c5d')).toBe('3f1c2b9e-1d2c-4a55-9e0b-0e1f2a3b4c5d');
    expect(failure(() => parseFlowId('a.b')).code).toBe('DISPATCH.FLOW_ID_INVALID');
    expect(failure(() => parseFlowId('')).code).toBe('DISPATCH.FLOW_ID_INVALID');
  });
});
