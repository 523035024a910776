import { MaxHours } from './hours';
import { instantsAt, nextDay, wallClockAt } from './wall-time';

/** What one answer to the "until what time" entry means. */
export type UntilTimeChoice =
  | { kind: 'online'; until: Date; day: 'today' | 'tomorrow' }
  | {
      kind: 'invalid';
      reason: 'no-input' | 'not-digits' | 'not-four-digits' | 'not-a-time' | 'above-maximum';
    };

/** The entry is a 24-hour time as four digits, `HHMM`. */
export const UNTIL_TIME_DIGITS = 4;

const MS_PER_HOUR = 3_600_000;

/**
 * Reads the keys of the "until what time" entry: four digits `HHMM` (00:00 to 23:59, 24-hour) on the
 * wall clock of the agent's `timeZone`, optionally ended by `#`. The end is the next moment that
 * wall clock shows it, strictly after `now`: later today, or tomorrow when it is already past (the
 * current minute included). Across daylight-saving changes see {@link instantsAt}: a time that
 * occurs twice is the next of its two moments still to come; a skipped time is later by the gap. Invalid: silence or a lone `#`
 * (`no-input`), other symbols (`not-digits`), fewer or more than four digits (`not-four-digits`:
 * `99`), an hour above 23 or minutes above 59 (`not-a-time`: `2460`, `1260`), an end more than
 * `maxHours` after `now` (`above-maximum`).
 */
export function parseUntilTime(
  keys: string | null,
  now: Date,
  timeZone: string,
  maxHours: number | MaxHours,
): UntilTimeChoice {
  const max = maxHours instanceof MaxHours ? maxHours : MaxHours.of(maxHours);
  const digits = keys?.endsWith('#') ? keys.slice(0, -1) : keys;
  if (digits === null || digits === undefined || digits === '')
    return { kind: 'invalid', reason: 'no-input' };
  if (!/^\d+$/.test(digits)) return { kind: 'invalid', reason: 'not-digits' };
  if (digits.length !== UNTIL_TIME_DIGITS) return { kind: 'invalid', reason: 'not-four-digits' };
  const time = { hour: Number(digits.slice(0, 2)), minute: Number(digits.slice(2)) };
  if (time.hour > 23 || time.minute > 59) return { kind: 'invalid', reason: 'not-a-time' };

  const today = wallClockAt(now, timeZone);
  const later = (t: Date) => t.getTime() > now.getTime();
  let day: 'today' | 'tomorrow' = 'today';
  let until = instantsAt(today, time, timeZone).find(later);
  if (until === undefined) {
    day = 'tomorrow';
    until = instantsAt(nextDay(today), time, timeZone)[0];
  }
  if (until.getTime() - now.getTime() > max.value * MS_PER_HOUR)
    return { kind: 'invalid', reason: 'above-maximum' };
  return { kind: 'online', until, day };
}
