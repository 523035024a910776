import { IdentityFieldInvalid, TimeZone } from './index';

describe(TimeZone.name, () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['  America/New_York ', 'America/New_York'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'Etc/UTC'],
    ['US/Pacific', 'US/Pacific'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
  ])('takes %p as %p', (input, name) => {
    expect(TimeZone.of(input).name).toBe(name);
    expect(String(TimeZone.of(input))).toBe(name);
  });

  it.each([
    ['an unknown zone', 'Mars/Olympus_Mons'],
    ['an offset', '+02:00'],
    ['an empty name', ''],
    ['an abbreviation Intl does not know', 'XYZ'],
    ['an injected text', "Europe/Berlin'; drop table"],
  ])('refuses %s', (_case, input) => {
    expect(() => TimeZone.of(input)).toThrow(
      expect.objectContaining({ code: 'IDENTITY.FIELD_INVALID', field: 'timeZone' }),
    );
  });

  it('names the field it was given', () => {
    expect(() => TimeZone.of('Nowhere/Land', 'IDENTITY_DEFAULT_TIME_ZONE')).toThrow(IdentityFieldInvalid);
    expect(() => TimeZone.of('Nowhere/Land', 'IDENTITY_DEFAULT_TIME_ZONE')).toThrow(
      /IDENTITY_DEFAULT_TIME_ZONE/,
    );
  });

  it('is equal to the same zone however it was spelled', () => {
    expect(TimeZone.of('europe/berlin').equals(TimeZone.of('Europe/Berlin'))).toBe(true);
    expect(TimeZone.UTC.equals(TimeZone.of('Europe/Berlin'))).toBe(false);
  });
});
