/** A date on the wall calendar of a time zone (month 1..12). */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A wall-clock time of day, 24-hour. */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

const DAY_MS = 86_400_000;

/** The date and time a wall clock in `timeZone` shows at `instant`. */
export function wallClockAt(instant: Date, timeZone: string): LocalDate & TimeOfDay {
  const { year, month, day, hour, minute } = fieldsAt(instant, timeZone);
  return { year, month, day, hour, minute };
}

/** The date after `date`. */
export function nextDay(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

/**
 * The instants at which a wall clock in `timeZone` shows `time` on `date`, earliest first: one on
 * most days; two when clocks go back over it (01:30 on a 02:00 → 01:00 night is 01:30 daylight
 * time, then 01:30 standard time); and when clocks go forward over it, so that it never shows, the
 * one instant it would have shown, later by the gap (02:30 on a 02:00 → 03:00 night is 03:30), as
 * the `compatible` rule of ECMAScript Temporal reads it.
 */
export function instantsAt(date: LocalDate, time: TimeOfDay, timeZone: string): Date[] {
  const wall = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  // Zones change their offset at most once in any two days: the offsets a day either side are the candidates.
  const before = offsetMs(new Date(wall - DAY_MS), timeZone);
  const after = offsetMs(new Date(wall + DAY_MS), timeZone);
  const shows = (t: number) => t + offsetMs(new Date(t), timeZone) === wall;
  const found = [...new Set([wall - before, wall - after])].filter(shows).sort((a, b) => a - b);
  // None: the time was skipped; read with the offset from before the change, it lands after the gap.
  return (found.length > 0 ? found : [wall - before]).map((t) => new Date(t));
}

/** How far the wall clock of `timeZone` is ahead of UTC at `instant` (negative west of Greenwich). */
function offsetMs(instant: Date, timeZone: string): number {
  const f = fieldsAt(instant, timeZone);
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

function fieldsAt(instant: Date, timeZone: string): LocalDate & TimeOfDay & { second: number } {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute, second } = parts;
  // Some ICU versions write midnight as 24 even with hourCycle h23.
  return { year, month, day, hour: hour % 24, minute, second };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 500;

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(timeZone, found);
  }
  return found;
}
