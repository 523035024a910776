import {
  CUSTOM_HOURS_MAX_DIGITS,
  MAX_HOURS_LIMIT,
  MaxHours,
  parseCustomHours,
  type CustomHoursChoice,
} from './index';

function simplified(choice: CustomHoursChoice): unknown {
  return choice.kind === 'online' ? { kind: 'online', hours: choice.hours.value } : choice;
}

describe(parseCustomHours.name, () => {
  it.each<[string | null, number, unknown]>([
    ['1', 99, { kind: 'online', hours: 1 }],
    ['7', 99, { kind: 'online', hours: 7 }],
    ['07', 99, { kind: 'online', hours: 7 }],
    ['12', 99, { kind: 'online', hours: 12 }],
    ['99', 99, { kind: 'online', hours: 99 }],
    ['12#', 99, { kind: 'online', hours: 12 }],
    ['7#', 99, { kind: 'online', hours: 7 }],
    ['12', 12, { kind: 'online', hours: 12 }],
    ['0', 99, { kind: 'offline' }],
    ['00', 99, { kind: 'offline' }],
    ['0#', 99, { kind: 'offline' }],
    ['13', 12, { kind: 'invalid', reason: 'above-maximum' }],
    ['99', 72, { kind: 'invalid', reason: 'above-maximum' }],
    [null, 99, { kind: 'invalid', reason: 'no-input' }],
    ['', 99, { kind: 'invalid', reason: 'no-input' }],
    ['#', 99, { kind: 'invalid', reason: 'no-input' }],
    ['1*', 99, { kind: 'invalid', reason: 'not-digits' }],
    ['a', 99, { kind: 'invalid', reason: 'not-digits' }],
    ['*', 99, { kind: 'invalid', reason: 'not-digits' }],
    ['##', 99, { kind: 'invalid', reason: 'not-digits' }],
    ['1#2', 99, { kind: 'invalid', reason: 'not-digits' }],
    ['123', 99, { kind: 'invalid', reason: 'too-many-digits' }],
    ['007', 99, { kind: 'invalid', reason: 'too-many-digits' }],
    ['000', 99, { kind: 'invalid', reason: 'too-many-digits' }],
    ['123#', 99, { kind: 'invalid', reason: 'too-many-digits' }],
  ])('reads %p with a maximum of %i hours as %j', (keys, max, expected) => {
    expect(simplified(parseCustomHours(keys, max))).toEqual(expected);
  });

  it('can reach every maximum a tenant may set, with two digits', () => {
    expect(CUSTOM_HOURS_MAX_DIGITS).toBe(2);
    expect(10 ** CUSTOM_HOURS_MAX_DIGITS - 1).toBe(MAX_HOURS_LIMIT);
    expect(simplified(parseCustomHours(String(MAX_HOURS_LIMIT), MAX_HOURS_LIMIT))).toEqual({
      kind: 'online',
      hours: 99,
    });
  });

  it('takes the maximum as a checked MaxHours too', () => {
    expect(simplified(parseCustomHours('24', MaxHours.of(24)))).toEqual({ kind: 'online', hours: 24 });
  });

  it('refuses to work with a maximum above two digits', () => {
    expect(() => parseCustomHours('12', 100)).toThrow(
      expect.objectContaining({ code: 'PRESENCE.MAX_HOURS_OUT_OF_RANGE' }),
    );
  });
});
