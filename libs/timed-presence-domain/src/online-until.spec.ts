import { formatOnlineUntil, formatTimeOfDay, isKnownTimeZone } from './index';

describe(formatOnlineUntil.name, () => {
  it.each([
    ['2026-01-20T22:00:00.000Z', 'America/Los_Angeles', 'en-US', 'Tuesday at 2:00 PM'],
    ['2026-01-20T22:00:00.000Z', 'America/New_York', 'en-US', 'Tuesday at 5:00 PM'],
    ['2026-01-20T22:00:00.000Z', 'Europe/London', 'en-US', 'Tuesday at 10:00 PM'],
    ['2026-01-20T23:30:00.000Z', 'Europe/Berlin', 'en-US', 'Wednesday at 12:30 AM'],
    ['2026-07-20T21:00:00.000Z', 'America/New_York', 'en-US', 'Monday at 5:00 PM'],
    ['2026-01-20T22:00:00.000Z', 'Europe/London', 'en-GB', 'Tuesday at 22:00'],
    ['2026-01-20T22:00:00.000Z', 'Europe/Berlin', 'de-DE', 'Dienstag, 23:00'],
  ])('says %s in %s (%s) as %p', (expiresAt, timeZone, locale, spoken) => {
    expect(formatOnlineUntil(new Date(expiresAt), timeZone, locale)).toBe(spoken);
  });

  it('speaks American English unless told otherwise', () => {
    expect(formatOnlineUntil(new Date('2026-01-20T22:00:00.000Z'), 'America/New_York')).toBe(
      'Tuesday at 5:00 PM',
    );
  });

  it('reads an unknown time zone as UTC rather than failing the call', () => {
    expect(formatOnlineUntil(new Date('2026-01-20T22:00:00.000Z'), 'Mars/Olympus_Mons')).toBe(
      'Tuesday at 10:00 PM',
    );
  });

  it('says the same after agents in hundreds of time zones and locales were told theirs', () => {
    const at = new Date('2026-01-20T22:00:00.000Z');
    const before = formatOnlineUntil(at, 'America/New_York');

    for (const zone of Intl.supportedValuesOf('timeZone'))
      for (const locale of ['en-US', 'de-DE']) formatOnlineUntil(at, zone, locale);

    expect(formatOnlineUntil(at, 'America/New_York')).toBe(before);
    expect(formatOnlineUntil(at, 'Europe/Berlin', 'de-DE')).toBe('Dienstag, 23:00');
  });

  it('speaks plain spaces only', () => {
    expect(formatOnlineUntil(new Date('2026-01-20T22:00:00.000Z'), 'UTC')).not.toMatch(/[\u202f\u00a0]/);
  });
});

describe(formatTimeOfDay.name, () => {
  const instant = new Date('2026-01-20T23:30:00.000Z');

  it.each([
    ['America/New_York', 'en-US', '6:30 PM'],
    ['Europe/Berlin', 'en-US', '12:30 AM'],
    ['Europe/Berlin', 'de-DE', '0:30'],
    ['Mars/Olympus_Mons', 'en-US', '11:30 PM'],
  ])('says the time of day in %s (%s): %s, an unknown zone read as UTC', (timeZone, locale, text) => {
    expect(formatTimeOfDay(instant, timeZone, locale)).toBe(text);
  });
});

describe(isKnownTimeZone.name, () => {
  it.each([
    ['America/New_York', true],
    ['Europe/London', true],
    ['UTC', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
  ])('knows the time zone %p: %p', (timeZone, known) => {
    expect(isKnownTimeZone(timeZone)).toBe(known);
  });
});
