import { PIN_MAX_DIGITS, PIN_MIN_DIGITS, Pin, PinInvalid } from './index';

describe(Pin.name, () => {
  it.each(['1234', '00000000', '987654'])('takes %p', (digits) => {
    expect(Pin.of(digits).reveal()).toBe(digits);
  });

  it.each(['', '123', '123456789', '12a4', ' 1234', '1234 ', '١٢٣٤', '12.4'])('refuses %p', (digits) => {
    expect(() => Pin.of(digits)).toThrow(PinInvalid);
  });

  it('never repeats the digits in an error', () => {
    const error = (() => {
      try {
        Pin.of('12345678901');
      } catch (e) {
        return e as PinInvalid;
      }
      throw new Error('accepted');
    })();

    expect(error.code).toBe('IDENTITY.PIN_INVALID');
    expect(error.kind).toBe('invalid');
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain('12345678901');
    expect(error.details).toEqual({ field: 'pin', rule: 'must be 4 to 8 digits' });
  });

  it('prints as [PIN], never as its digits', () => {
    const pin = Pin.of('4711');

    expect(String(pin)).toBe('[PIN]');
    expect(JSON.stringify({ pin })).toBe('{"pin":"[PIN]"}');
  });

  it('is 4 to 8 digits long', () => {
    expect([PIN_MIN_DIGITS, PIN_MAX_DIGITS]).toEqual([4, 8]);
  });
});
