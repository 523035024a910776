import { Hours, MaxHours } from './hours';

/** What one answer to the custom hours entry means. */
export type CustomHoursChoice =
  | { kind: 'online'; hours: Hours }
  | { kind: 'offline' }
  | { kind: 'invalid'; reason: 'no-input' | 'not-digits' | 'too-many-digits' | 'above-maximum' };

/** The custom entry takes up to two digits. */
export const CUSTOM_HOURS_MAX_DIGITS = 2;

/**
 * Reads the keys of the custom hours entry: one or two digits (a leading zero is fine, `07`),
 * optionally ended by `#`. `0` or `00` goes offline; 1..maxHours goes online for that many hours.
 * Invalid: silence or a lone `#` (`no-input`), anything but digits (`not-digits`), three or more
 * digits (`too-many-digits`, so `007` is refused rather than guessed), more than the tenant
 * allows (`above-maximum`).
 */
export function parseCustomHours(keys: string | null, maxHours: number | MaxHours): CustomHoursChoice {
  const max = maxHours instanceof MaxHours ? maxHours : MaxHours.of(maxHours);
  const digits = keys?.endsWith('#') ? keys.slice(0, -1) : keys;
  if (digits === null || digits === undefined || digits === '')
    return { kind: 'invalid', reason: 'no-input' };
  if (!/^\d+$/.test(digits)) return { kind: 'invalid', reason: 'not-digits' };
  if (digits.length > CUSTOM_HOURS_MAX_DIGITS) return { kind: 'invalid', reason: 'too-many-digits' };
  const value = Number(digits);
  if (value === 0) return { kind: 'offline' };
  if (value > max.value) return { kind: 'invalid', reason: 'above-maximum' };
  return { kind: 'online', hours: Hours.of(value, max) };
}
