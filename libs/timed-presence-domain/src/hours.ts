import {
  HoursNotWhole,
  HoursOutOfRange,
  MaxHoursOutOfRange,
  PresetHoursNotFour,
  UntilOutOfRange,
} from './presence.errors';

/** The shortest time an agent can go online for. */
export const MIN_HOURS = 1;
/** The custom entry takes at most two digits, so no tenant can allow more than 99 hours. */
export const MAX_HOURS_LIMIT = 99;
/** A tenant's maximum when it has not chosen one. */
export const MAX_HOURS_DEFAULT = 99;
/** The vendor's example presets: 8, 24, 48 or 72 hours on keys 1 to 4. */
export const DEFAULT_PRESET_HOURS: readonly [number, number, number, number] = [8, 24, 48, 72];

const MS_PER_HOUR = 3_600_000;

/** The most hours a tenant lets an agent go online for: a whole number in 1..99. */
export class MaxHours {
  private constructor(readonly value: number) {}

  static of(value: number = MAX_HOURS_DEFAULT): MaxHours {
    if (!Number.isInteger(value) || value < MIN_HOURS || value > MAX_HOURS_LIMIT) {
      throw new MaxHoursOutOfRange(value, MIN_HOURS, MAX_HOURS_LIMIT);
    }
    return new MaxHours(value);
  }
}

/**
 * How long an agent goes online for: whole hours in 1..maxHours. Hours are elapsed time: eight
 * hours from 01:30 on the night clocks go forward ends eight real hours later, whatever the wall
 * clock says.
 */
export class Hours {
  private constructor(readonly value: number) {}

  static of(value: number, maxHours: number | MaxHours = MAX_HOURS_DEFAULT): Hours {
    checkHours(value, maxOf(maxHours));
    return new Hours(value);
  }

  /** When a window of these hours that starts at `now` ends. */
  after(now: Date): Date {
    return new Date(now.getTime() + this.value * MS_PER_HOUR);
  }

  equals(other: Hours): boolean {
    return this.value === other.value;
  }
}

/**
 * A window given by its end ("online until 18:30"): an instant after `now` and at most the tenant's
 * maximum hours after it. Unlike {@link Hours} it need not be whole hours.
 */
export class OnlineUntil {
  private constructor(readonly value: Date) {}

  static of(until: Date, now: Date, maxHours: number | MaxHours = MAX_HOURS_DEFAULT): OnlineUntil {
    const max = maxOf(maxHours);
    const ms = until.getTime() - now.getTime();
    if (Number.isNaN(ms) || ms <= 0 || ms > max * MS_PER_HOUR) throw new UntilOutOfRange(until, now, max);
    return new OnlineUntil(new Date(until));
  }

  /** When the window ends (its end does not depend on when it starts). */
  after(_now: Date): Date {
    return new Date(this.value);
  }
}

/** The number of a preset, which is also the key that chooses it. */
export type PresetNumber = 1 | 2 | 3 | 4;

/**
 * The four choices of the preset hours menu, on keys 1 to 4, each whole hours in 1..maxHours.
 * Duplicates are allowed (a tenant may offer 8 hours twice); the order is the tenant's.
 */
export class PresetHours {
  private constructor(
    private readonly hours: readonly [Hours, Hours, Hours, Hours],
    readonly maxHours: number,
  ) {}

  static of(values: readonly number[], maxHours: number | MaxHours = MAX_HOURS_DEFAULT): PresetHours {
    const max = maxOf(maxHours);
    if (values.length !== 4) throw new PresetHoursNotFour(values.length);
    values.forEach((value, index) => checkHours(value, max, index + 1));
    const [a, b, c, d] = values.map((value) => Hours.of(value, max));
    return new PresetHours([a, b, c, d], max);
  }

  /** The hours behind a key of the preset menu. */
  at(preset: PresetNumber): Hours {
    return this.hours[preset - 1];
  }

  /** The four values, for configuration screens and snapshots. */
  get values(): [number, number, number, number] {
    const [a, b, c, d] = this.hours;
    return [a.value, b.value, c.value, d.value];
  }
}

/** Throws unless `value` is whole hours in 1..max; `preset` names the preset menu key in the error. */
function checkHours(value: number, max: number, preset?: number): void {
  if (!Number.isInteger(value)) throw new HoursNotWhole(value, preset);
  if (value < MIN_HOURS || value > max) throw new HoursOutOfRange(value, MIN_HOURS, max, preset);
}

function maxOf(maxHours: number | MaxHours): number {
  return maxHours instanceof MaxHours ? maxHours.value : MaxHours.of(maxHours).value;
}
