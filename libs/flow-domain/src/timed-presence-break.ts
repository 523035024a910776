import {
  BREAK_KEYS,
  BREAK_MINUTES_DEFAULT,
  BREAK_MINUTES_MAX,
  BREAK_MINUTES_MIN,
  BREAK_PROMPT_ROLES,
  type BreakConfig,
} from '@tp/timed-presence-domain';

/** The timed break's parameters of a Timed Presence activity, with their defaults (ADR 26). */
export const BREAK_PARAMS = ['breakEnabled', 'breakKey', 'breakMinutes'] as const;
export const BREAK_DEFAULTS = {
  breakEnabled: false,
  breakKey: '6',
  breakMinutes: BREAK_MINUTES_DEFAULT,
} as const;

/** The prompts an activity must name while its timed break is enabled. */
export const BREAK_REQUIRED_PROMPT_ROLES = BREAK_PROMPT_ROLES;

type Add = (code: string, at: string, message: string) => void;

/**
 * Reads `breakEnabled` (default false), `breakKey` (5..8, default 6) and `breakMinutes` (1..120,
 * default 15): the break when enabled, null when off, `undefined` when a value is invalid (each
 * problem added, naming its field).
 */
export function readBreakParams(
  params: Record<string, unknown>,
  field: string,
  add: Add,
): BreakConfig | null | undefined {
  const enabled = params.breakEnabled ?? BREAK_DEFAULTS.breakEnabled;
  const key = params.breakKey ?? BREAK_DEFAULTS.breakKey;
  const minutes = params.breakMinutes ?? BREAK_DEFAULTS.breakMinutes;
  let ok = true;
  if (typeof enabled !== 'boolean') {
    add('FLOW.PARAM_INVALID', `${field}.breakEnabled`, 'must be true or false');
    ok = false;
  }
  if (typeof key !== 'string' || !(BREAK_KEYS as readonly string[]).includes(key)) {
    add('FLOW.PARAM_INVALID', `${field}.breakKey`, `must be one of ${BREAK_KEYS.join(', ')}`);
    ok = false;
  }
  if (
    typeof minutes !== 'number' ||
    !Number.isInteger(minutes) ||
    minutes < BREAK_MINUTES_MIN ||
    minutes > BREAK_MINUTES_MAX
  ) {
    add(
      'FLOW.PARAM_INVALID',
      `${field}.breakMinutes`,
      `must be a whole number in ${BREAK_MINUTES_MIN}..${BREAK_MINUTES_MAX}`,
    );
    ok = false;
  }
  if (!ok) return undefined;
  return enabled ? { key: key as string, minutes: minutes as number } : null;
}

/** While the break is enabled, its prompts must be named (`params.prompts.break-started`...). */
export function checkBreakPrompts(prompts: Record<string, unknown>, field: string, add: Add): boolean {
  let ok = true;
  for (const role of BREAK_REQUIRED_PROMPT_ROLES) {
    if (typeof prompts[role] !== 'string') {
      add(
        'FLOW.PARAM_REQUIRED',
        `${field}.${role}`,
        `the ${role} prompt is required while the break is enabled`,
      );
      ok = false;
    }
  }
  return ok;
}
