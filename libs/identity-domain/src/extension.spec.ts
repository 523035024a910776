import {
  EXTENSION_DESCRIPTION_MAX_LENGTH,
  EXTENSION_EXT_MAX_DIGITS,
  EXTENSION_TYPES,
  EXTENSIONS_PER_USER_MAX,
  Extension,
  IdentityFieldInvalid,
  type ExtensionInput,
} from './index';

function fieldError(input: ExtensionInput): IdentityFieldInvalid {
  try {
    Extension.create('x-1', input);
  } catch (error) {
    if (error instanceof IdentityFieldInvalid) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe(Extension.name, () => {
  it('keeps the vendor example +1-234-567-8910 as +12345678910, with ext and description', () => {
    const extension = Extension.create('x-1', {
      type: 'pstn',
      number: '+1-234-567-8910',
      ext: ' 42 ',
      description: ' John Smith - mobile ',
    });

    expect(extension.toProps()).toEqual({
      id: 'x-1',
      type: 'pstn',
      number: '+12345678910',
      ext: '42',
      description: 'John Smith - mobile',
    });
  });

  it.each<[string, ExtensionInput, Partial<ReturnType<Extension['toProps']>>]>([
    [
      'a SIP URI',
      { type: 'sip', number: ' sip:alice@pbx.example.com ' },
      { number: 'sip:alice@pbx.example.com' },
    ],
    [
      'a SIPS URI',
      { type: 'sip', number: 'sips:+14155550100@pbx.example.com' },
      { number: 'sips:+14155550100@pbx.example.com' },
    ],
    ['a client identity', { type: 'webrtc', number: 'alice.smith' }, { number: 'alice.smith' }],
    [
      'blank ext and description',
      { type: 'pstn', number: '+44 20 7946 0958', ext: ' ', description: '' },
      { ext: null, description: null },
    ],
  ])('takes %s', (_case, input, expected) => {
    expect(Extension.create('x-1', input).toProps()).toMatchObject(expected);
  });

  it.each<[string, ExtensionInput, string, RegExp]>([
    ['a number too short', { type: 'pstn', number: '+1 234 567 891' }, 'number', /too-short/],
    ['letters', { type: 'pstn', number: 'anonymous' }, 'number', /not-a-phone-number/],
    ['a national number', { type: 'pstn', number: '415-867-5309' }, 'number', /missing-country-code/],
    [
      'a number with x-extension',
      { type: 'pstn', number: '+1 415 867 5309 x12' },
      'number',
      /not-a-phone-number/,
    ],
    ['a SIP address without sip:', { type: 'sip', number: 'alice@pbx' }, 'number', /SIP URI/],
    ['a SIP URI with blanks', { type: 'sip', number: 'sip:al ice@pbx' }, 'number', /SIP URI/],
    ['a client identity with blanks', { type: 'webrtc', number: 'alice smith' }, 'number', /client identity/],
    ['an ext with letters', { type: 'pstn', number: '+14158675309', ext: '12a' }, 'ext', /digits/],
    ['an ext of 11 digits', { type: 'pstn', number: '+14158675309', ext: '12345678901' }, 'ext', /digits/],
    [
      'a description of 201 characters',
      { type: 'pstn', number: '+14158675309', description: 'd'.repeat(201) },
      'description',
      /200/,
    ],
    ['an unknown type', { type: 'fax' as never, number: '+14158675309' }, 'type', /pstn, sip, webrtc/],
  ])('refuses %s, naming the field and why', (_case, input, field, rule) => {
    const error = fieldError(input);

    expect(error.code).toBe('IDENTITY.FIELD_INVALID');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(rule);
  });

  it('restores a stored extension, and refuses one not in its normal form', () => {
    const props = { id: 'x-1', type: 'pstn' as const, number: '+14158675309', ext: null, description: null };

    expect(Extension.restore(props).number).toBe('+14158675309');
    expect(() => Extension.restore({ ...props, number: '+1 415 867 5309' })).toThrow(/normal form/);
  });

  it('shows its parts', () => {
    const extension = Extension.create('x-1', {
      type: 'pstn',
      number: '+14158675309',
      ext: '7',
      description: 'desk',
    });

    expect([extension.id, extension.type, extension.number, extension.ext, extension.description]).toEqual([
      'x-1',
      'pstn',
      '+14158675309',
      '7',
      'desk',
    ]);
  });

  it('has the limits the admin API documents', () => {
    expect([
      EXTENSION_TYPES,
      EXTENSION_EXT_MAX_DIGITS,
      EXTENSION_DESCRIPTION_MAX_LENGTH,
      EXTENSIONS_PER_USER_MAX,
    ]).toEqual([['pstn', 'sip', 'webrtc'], 10, 200, 20]);
  });
});
