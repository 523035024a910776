import { parseUntilTime } from './until-time-entry';
import { instantsAt, nextDay, wallClockAt } from './wall-time';

const NY = 'America/New_York';
/** 17:00 in New York on an ordinary winter day (EST, UTC-5). */
const FIVE_PM = new Date('2026-01-20T22:00:00Z');

const online = (keys: string, now: Date, maxHours = 99, zone = NY) => {
  const choice = parseUntilTime(keys, now, zone, maxHours);
  if (choice.kind !== 'online') throw new Error(`expected online, got ${JSON.stringify(choice)}`);
  return { until: choice.until.toISOString(), day: choice.day };
};

describe(parseUntilTime.name, () => {
  it('reads a later time of today on the agent’s wall clock', () => {
    expect(online('1830', FIVE_PM)).toEqual({ until: '2026-01-20T23:30:00.000Z', day: 'today' });
    expect(online('2359#', FIVE_PM)).toEqual({ until: '2026-01-21T04:59:00.000Z', day: 'today' });
    expect(online('1701', FIVE_PM)).toEqual({ until: '2026-01-20T22:01:00.000Z', day: 'today' });
  });

  it('reads a time already past today, the current minute included, as tomorrow', () => {
    expect(online('0900', FIVE_PM)).toEqual({ until: '2026-01-21T14:00:00.000Z', day: 'tomorrow' });
    expect(online('1700', FIVE_PM)).toEqual({ until: '2026-01-21T22:00:00.000Z', day: 'tomorrow' });
    expect(online('1700', new Date('2026-01-20T22:00:30Z')).day).toBe('tomorrow');
    expect(online('0000', FIVE_PM)).toEqual({ until: '2026-01-21T05:00:00.000Z', day: 'tomorrow' });
  });

  it('reads the time in the agent’s own zone', () => {
    expect(online('1830', FIVE_PM, 99, 'Europe/Berlin')).toEqual({
      until: '2026-01-21T17:30:00.000Z',
      day: 'tomorrow',
    });
    // 03:30 on the 21st in Kolkata (UTC+5:30): 18:30 is later that day.
    expect(online('1830', FIVE_PM, 99, 'Asia/Kolkata')).toEqual({
      until: '2026-01-21T13:00:00.000Z',
      day: 'today',
    });
  });

  describe('across the spring-forward night (New York, 8 March 2026, 02:00 EST → 03:00 EDT)', () => {
    const eveningBefore = new Date('2026-03-07T22:00:00Z'); // 17:00 EST

    it('ends at the wall time after the change: 09:00 tomorrow is 15 real hours away, not 16', () => {
      expect(online('0900', eveningBefore)).toEqual({ until: '2026-03-08T13:00:00.000Z', day: 'tomorrow' });
      expect(parseUntilTime('0900', eveningBefore, NY, 15)).toMatchObject({ kind: 'online' });
      expect(parseUntilTime('0900', eveningBefore, NY, 14)).toEqual({
        kind: 'invalid',
        reason: 'above-maximum',
      });
    });

    it('moves a skipped wall time forward by the gap: 02:30 is 03:30 EDT', () => {
      expect(online('0230', eveningBefore)).toEqual({ until: '2026-03-08T07:30:00.000Z', day: 'tomorrow' });
      expect(online('0230', new Date('2026-03-08T06:00:00Z'))).toEqual({
        until: '2026-03-08T07:30:00.000Z',
        day: 'today',
      });
    });
  });

  describe('across the fall-back night (New York, 1 November 2026, 02:00 EDT → 01:00 EST)', () => {
    const eveningBefore = new Date('2026-10-31T21:00:00Z'); // 17:00 EDT

    it('ends at the wall time after the change: 09:00 tomorrow is 17 real hours away, not 16', () => {
      expect(online('0900', eveningBefore)).toEqual({ until: '2026-11-01T14:00:00.000Z', day: 'tomorrow' });
      expect(parseUntilTime('0900', eveningBefore, NY, 17)).toMatchObject({ kind: 'online' });
      expect(parseUntilTime('0900', eveningBefore, NY, 16)).toEqual({
        kind: 'invalid',
        reason: 'above-maximum',
      });
    });

    it('reads a wall time that occurs twice as the first of its moments still to come', () => {
      // Before both: the first 01:30 (EDT).
      expect(online('0130', eveningBefore)).toEqual({ until: '2026-11-01T05:30:00.000Z', day: 'tomorrow' });
      // At 01:45 EDT the first 01:30 has passed, the second (EST) is 45 minutes away.
      expect(online('0130', new Date('2026-11-01T05:45:00Z'))).toEqual({
        until: '2026-11-01T06:30:00.000Z',
        day: 'today',
      });
      // At 01:45 EST both have passed: tomorrow.
      expect(online('0130', new Date('2026-11-01T06:45:00Z'))).toEqual({
        until: '2026-11-02T06:30:00.000Z',
        day: 'tomorrow',
      });
    });
  });

  it.each([
    [null, 'no-input'],
    ['', 'no-input'],
    ['#', 'no-input'],
    ['12*0', 'not-digits'],
    ['99', 'not-four-digits'],
    ['930', 'not-four-digits'],
    ['18300', 'not-four-digits'],
    ['2460', 'not-a-time'],
    ['2400', 'not-a-time'],
    ['1260', 'not-a-time'],
    ['9900', 'not-a-time'],
  ])('refuses %p as %s', (keys, reason) => {
    expect(parseUntilTime(keys, FIVE_PM, NY, 99)).toEqual({ kind: 'invalid', reason });
  });

  it('refuses an end further away than the activity’s maximum hours', () => {
    expect(parseUntilTime('0101', FIVE_PM, NY, 8)).toEqual({ kind: 'invalid', reason: 'above-maximum' });
    expect(parseUntilTime('1659', FIVE_PM, NY, 23)).toEqual({ kind: 'invalid', reason: 'above-maximum' });
    expect(online('0100', FIVE_PM, 8)).toEqual({ until: '2026-01-21T06:00:00.000Z', day: 'tomorrow' });
  });
});

describe('wall time', () => {
  it('reads the wall clock of a zone and steps to the next day across months and years', () => {
    expect(wallClockAt(new Date('2026-11-01T05:30:00Z'), NY)).toEqual({
      year: 2026,
      month: 11,
      day: 1,
      hour: 1,
      minute: 30,
    });
    expect(nextDay({ year: 2026, month: 12, day: 31 })).toEqual({ year: 2027, month: 1, day: 1 });
    expect(nextDay({ year: 2028, month: 2, day: 28 })).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it('finds both moments of a repeated wall time and one for a skipped one', () => {
    const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
    expect(iso(instantsAt({ year: 2026, month: 11, day: 1 }, { hour: 1, minute: 30 }, NY))).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:30:00.000Z',
    ]);
    expect(iso(instantsAt({ year: 2026, month: 3, day: 8 }, { hour: 2, minute: 0 }, NY))).toEqual([
      '2026-03-08T07:00:00.000Z',
    ]);
    expect(iso(instantsAt({ year: 2026, month: 3, day: 8 }, { hour: 1, minute: 59 }, NY))).toEqual([
      '2026-03-08T06:59:00.000Z',
    ]);
    expect(iso(instantsAt({ year: 2026, month: 6, day: 1 }, { hour: 0, minute: 0 }, 'UTC'))).toEqual([
      '2026-06-01T00:00:00.000Z',
    ]);
  });
});
