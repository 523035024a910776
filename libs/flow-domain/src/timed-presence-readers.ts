import { DomainError } from '@tp/ddd';
import {
  CALLER_VERIFICATION_POLICIES,
  DEFAULT_PRESET_HOURS,
  PresetHours,
  type CallerVerificationPolicy,
} from '@tp/timed-presence-domain';

/** Records a problem of a parameter: its code, its field, what is wrong. */
export type Add = (code: string, at: string, message: string) => void;

/** A whole number, `fallback` when absent, checked by `check` (whose error message becomes the problem's). */
export function readWhole(
  value: unknown,
  field: string,
  fallback: number,
  add: Add,
  check: (value: number) => unknown,
): number | null {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    add('FLOW.PARAM_INVALID', field, 'must be a whole number');
    return null;
  }
  try {
    check(value);
    return value;
  } catch (error) {
    add('FLOW.PARAM_INVALID', field, error instanceof Error ? error.message : String(error));
    return null;
  }
}

export function readPresets(
  value: unknown,
  field: string,
  maxHours: number,
  add: Add,
): [number, number, number, number] | null {
  if (value === undefined) return [...DEFAULT_PRESET_HOURS];
  if (!Array.isArray(value)) {
    add('FLOW.PARAM_INVALID', field, 'must be four whole numbers of hours, for keys 1 to 4');
    return null;
  }
  const bad = value.findIndex((v) => typeof v !== 'number');
  if (bad >= 0) {
    add('FLOW.PARAM_INVALID', `${field}[${bad}]`, 'must be a whole number of hours');
    return null;
  }
  try {
    return PresetHours.of(value as number[], maxHours).values;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const preset = error.details.preset;
    add('FLOW.PARAM_INVALID', typeof preset === 'number' ? `${field}[${preset - 1}]` : field, error.message);
    return null;
  }
}

export function readPolicy(
  value: unknown,
  field: string,
  fallback: CallerVerificationPolicy,
  add: Add,
): CallerVerificationPolicy | null {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (CALLER_VERIFICATION_POLICIES as readonly string[]).includes(value))
    return value as CallerVerificationPolicy;
  add('FLOW.PARAM_INVALID', field, `must be one of ${CALLER_VERIFICATION_POLICIES.join(', ')}`);
  return null;
}

export function inRange(value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`must be a whole number in ${min}..${max}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
