import {
  DEFAULT_PRESET_HOURS,
  Hours,
  MAX_HOURS_DEFAULT,
  MAX_HOURS_LIMIT,
  MIN_HOURS,
  MaxHours,
  OnlineUntil,
  PresetHours,
} from './index';

const NOW = new Date('2026-01-15T09:00:00.000Z');

describe(Hours.name, () => {
  it.each([
    [1, 99],
    [8, 99],
    [99, 99],
    [12, 12],
    [1, 1],
  ])('accepts %i hours when the maximum is %i', (value, max) => {
    expect(Hours.of(value, max).value).toBe(value);
  });

  it.each([
    [0, 99],
    [-1, 99],
    [100, 99],
    [13, 12],
    [2, 1],
  ])('refuses %i hours when the maximum is %i', (value, max) => {
    expect(() => Hours.of(value, max)).toThrow(
      expect.objectContaining({
        code: 'PRESENCE.HOURS_OUT_OF_RANGE',
        kind: 'invalid',
        details: { value, min: MIN_HOURS, max },
      }),
    );
  });

  it.each([2.5, 0.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses %p hours as not whole', (value) => {
    expect(() => Hours.of(value)).toThrow(
      expect.objectContaining({ code: 'PRESENCE.HOURS_NOT_WHOLE', details: { value } }),
    );
  });

  it('allows up to 99 hours when the tenant has not chosen a maximum', () => {
    expect(MAX_HOURS_DEFAULT).toBe(99);
    expect(Hours.of(99).value).toBe(99);
    expect(() => Hours.of(100)).toThrow(expect.objectContaining({ code: 'PRESENCE.HOURS_OUT_OF_RANGE' }));
  });

  it('takes the maximum as a checked MaxHours too', () => {
    expect(Hours.of(24, MaxHours.of(24)).value).toBe(24);
  });

  it.each([
    [1, '2026-01-15T10:00:00.000Z'],
    [8, '2026-01-15T17:00:00.000Z'],
    [24, '2026-01-16T09:00:00.000Z'],
    [99, '2026-01-19T12:00:00.000Z'],
  ])('ends a window of %i hours started now at %s', (value, end) => {
    expect(Hours.of(value).after(NOW).toISOString()).toBe(end);
  });

  it('counts elapsed hours across a change to summer time', () => {
    // Clocks in New York go from 02:00 to 03:00 on 2026-03-08; 01:30 EST is 06:30Z.
    const beforeTheChange = new Date('2026-03-08T06:30:00.000Z');

    expect(Hours.of(8).after(beforeTheChange).toISOString()).toBe('2026-03-08T14:30:00.000Z');
  });

  it('does not move the moment it counts from', () => {
    const now = new Date(NOW);
    Hours.of(8).after(now);

    expect(now).toEqual(NOW);
  });

  it('is equal to the same number of hours', () => {
    expect(Hours.of(8).equals(Hours.of(8, 12))).toBe(true);
    expect(Hours.of(8).equals(Hours.of(9))).toBe(false);
  });
});

describe(MaxHours.name, () => {
  it.each([1, 12, 72, 99])('accepts a tenant maximum of %i hours', (value) => {
    expect(MaxHours.of(value).value).toBe(value);
  });

  it('defaults to 99 hours', () => {
    expect(MaxHours.of().value).toBe(99);
  });

  it.each([0, -5, 100, 120, 12.5, Number.NaN])(
    'refuses a tenant maximum of %p hours (the custom entry has two digits)',
    (value) => {
      expect(() => MaxHours.of(value)).toThrow(
        expect.objectContaining({
          code: 'PRESENCE.MAX_HOURS_OUT_OF_RANGE',
          kind: 'invalid',
          details: { value, min: MIN_HOURS, max: MAX_HOURS_LIMIT },
        }),
      );
    },
  );

  it('is checked wherever a maximum is given as a number', () => {
    expect(() => Hours.of(8, 100)).toThrow(
      expect.objectContaining({ code: 'PRESENCE.MAX_HOURS_OUT_OF_RANGE' }),
    );
  });
});

describe(PresetHours.name, () => {
  it('offers four presets on keys 1 to 4, in the order given', () => {
    const presets = PresetHours.of([8, 24, 48, 72]);

    expect(presets.values).toEqual([8, 24, 48, 72]);
    expect([presets.at(1), presets.at(2), presets.at(3), presets.at(4)].map((h) => h.value)).toEqual([
      8, 24, 48, 72,
    ]);
    expect(presets.maxHours).toBe(99);
  });

  it("uses the vendor's example presets by default", () => {
    expect(PresetHours.of(DEFAULT_PRESET_HOURS).values).toEqual([8, 24, 48, 72]);
  });

  it('allows the same hours on two keys and any order', () => {
    expect(PresetHours.of([8, 4, 8, 1], 8).values).toEqual([8, 4, 8, 1]);
  });

  it.each([[[]], [[8]], [[8, 24, 48]], [[8, 24, 48, 72, 96]]])(
    'refuses %j: the menu has exactly four presets',
    (values) => {
      expect(() => PresetHours.of(values)).toThrow(
        expect.objectContaining({
          code: 'PRESENCE.PRESETS_NOT_FOUR',
          kind: 'invalid',
          details: { count: values.length, expected: 4 },
        }),
      );
    },
  );

  it.each([
    [[8, 24, 48, 72], 48, 4, 72],
    [[0, 24, 48, 72], 99, 1, 0],
    [[8, 24, 100, 72], 99, 3, 100],
  ])('refuses presets %j with a maximum of %i, naming preset %i', (values, max, preset, value) => {
    expect(() => PresetHours.of(values, max)).toThrow(
      expect.objectContaining({
        code: 'PRESENCE.HOURS_OUT_OF_RANGE',
        details: { value, min: 1, max, preset },
      }),
    );
  });

  it('refuses a preset that is not whole hours, naming it', () => {
    expect(() => PresetHours.of([8, 1.5, 48, 72])).toThrow(
      expect.objectContaining({ code: 'PRESENCE.HOURS_NOT_WHOLE', details: { value: 1.5, preset: 2 } }),
    );
  });

  it('hands out a copy of its values', () => {
    const presets = PresetHours.of([8, 24, 48, 72]);
    presets.values[0] = 1;

    expect(presets.values).toEqual([8, 24, 48, 72]);
  });
});

describe(OnlineUntil.name, () => {
  const at = (iso: string) => new Date(iso);

  it('ends at the instant given, however many minutes away, up to the maximum hours', () => {
    expect(OnlineUntil.of(at('2026-01-15T09:01:00Z'), NOW).after(NOW)).toEqual(at('2026-01-15T09:01:00Z'));
    expect(OnlineUntil.of(at('2026-01-15T17:30:00Z'), NOW, 9).value).toEqual(at('2026-01-15T17:30:00Z'));
    expect(OnlineUntil.of(at('2026-01-19T12:00:00Z'), NOW).value).toEqual(at('2026-01-19T12:00:00Z'));
  });

  it.each([
    ['2026-01-15T09:00:00Z', 99, 'now itself'],
    ['2026-01-15T08:59:00Z', 99, 'the past'],
    ['2026-01-15T17:00:01Z', 8, 'past the maximum'],
    ['2026-01-19T12:00:01Z', 99, 'past 99 hours'],
  ])('refuses %s with a maximum of %i hours (%s)', (until, maxHours) => {
    expect(() => OnlineUntil.of(at(until), NOW, maxHours)).toThrow(
      expect.objectContaining({
        code: 'PRESENCE.UNTIL_OUT_OF_RANGE',
        kind: 'invalid',
        details: { until: at(until).toISOString(), now: NOW.toISOString(), maxHours },
      }),
    );
  });

  it('refuses an instant that is not a date', () => {
    expect(() => OnlineUntil.of(new Date('nope'), NOW)).toThrow(
      expect.objectContaining({ code: 'PRESENCE.UNTIL_OUT_OF_RANGE' }),
    );
  });
});
