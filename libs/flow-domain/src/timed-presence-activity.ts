import { DomainError } from '@tp/ddd';
import {
  ADDED_PROMPT_ROLES,
  BREAK_PROMPT_ROLES,
  COLLECT_TIMEOUT_S_DEFAULT,
  COLLECT_TIMEOUT_S_LIMIT,
  DEFAULT_PRESET_HOURS,
  MAX_HOURS_DEFAULT,
  MAX_INVALID_ATTEMPTS_DEFAULT,
  MAX_INVALID_ATTEMPTS_LIMIT,
  MaxHours,
  PresetHours,
  UNTIL_TIME_KEYS,
  UNTIL_TIME_KEY_DEFAULT,
  UNTIL_TIME_PROMPT_ROLES,
  VENDOR_PROMPT_ROLES,
  type BreakConfig,
  type CallerVerificationPolicy,
  type IvrConfig,
  type PromptRole,
} from '@tp/timed-presence-domain';
import { DEFAULT_BRANCH, type FlowProblem, type NodeKind, type PromptRef } from './flow-graph';
import { BREAK_DEFAULTS, BREAK_PARAMS, checkBreakPrompts, readBreakParams } from './timed-presence-break';
import { inRange, isRecord, readPolicy, readPresets, readWhole } from './timed-presence-readers';

export const TIMED_PRESENCE = 'timed-presence';

/** The vendor page's seven prompts: an activity names a prompt of the tenant for each. */
export const REQUIRED_PROMPT_ROLES = VENDOR_PROMPT_ROLES;

/**
 * PIN verification, giving up, the timed break and "until a time of day": built-in English wording
 * unless the activity names a prompt (the break's and until-time's prompts are required while that
 * feature is on).
 */
export const OPTIONAL_PROMPT_ROLES = [
  ...ADDED_PROMPT_ROLES,
  ...BREAK_PROMPT_ROLES,
  ...UNTIL_TIME_PROMPT_ROLES,
] as const;

const PROMPT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The settings of a Timed Presence activity, defaults applied. */
export interface TimedPresenceSettings {
  /** Prompt ids by role: the seven required ones, and any of the optional ones. */
  readonly prompts: Readonly<Partial<Record<PromptRole, string>>>;
  /** The hours behind keys 1 to 4. */
  readonly presetHours: readonly [number, number, number, number];
  readonly maxHours: number;
  /** Invalid answers in the call before it ends. */
  readonly attempts: number;
  /** Seconds of silence that end a collect. */
  readonly collectTimeoutS: number;
  readonly callerVerification: CallerVerificationPolicy;
  /** Call the agent with the Offline prompt when their hours run out. */
  readonly notifyOnExpiry: boolean;
  /** The timed break (key and minutes) when `breakEnabled`; null: off, its key is invalid input. */
  readonly break: BreakConfig | null;
  /** Offer "online until a time of day" on {@link untilTimeKey} of the preset menu. */
  readonly untilTime: boolean;
  /** The preset menu key for it, one of 5-8 (default 5). */
  readonly untilTimeKey: string;
}

/** What an activity gets for the settings it leaves out. */
export const TIMED_PRESENCE_DEFAULTS = {
  presetHours: DEFAULT_PRESET_HOURS,
  maxHours: MAX_HOURS_DEFAULT,
  attempts: MAX_INVALID_ATTEMPTS_DEFAULT,
  collectTimeoutS: COLLECT_TIMEOUT_S_DEFAULT,
  callerVerification: 'caller-id',
  notifyOnExpiry: false,
  ...BREAK_DEFAULTS,
  untilTime: false,
  untilTimeKey: UNTIL_TIME_KEY_DEFAULT,
} as const;

const PARAMS = [
  'prompts',
  'presetHours',
  'maxHours',
  'attempts',
  'collectTimeoutS',
  'callerVerification',
  'notifyOnExpiry',
  ...BREAK_PARAMS,
  'untilTime',
  'untilTimeKey',
] as const;

type Problems = FlowProblem[];

/**
 * Reads the parameters of a Timed Presence node: the settings with defaults applied, or every
 * problem found, each naming its field under `field` (`nodes[1].params.prompts.welcome`).
 */
export function parseTimedPresenceParams(
  params: unknown,
  field = 'params',
): { settings: TimedPresenceSettings; problems: [] } | { settings: null; problems: FlowProblem[] } {
  const problems: Problems = [];
  const add = (code: string, at: string, message: string) => problems.push({ code, field: at, message });
  if (!isRecord(params)) {
    add('FLOW.PARAMS_INVALID', field, 'a Timed Presence activity needs its parameters (an object)');
    return { settings: null, problems };
  }
  for (const key of Object.keys(params)) {
    if (!(PARAMS as readonly string[]).includes(key))
      add('FLOW.PARAM_UNKNOWN', `${field}.${key}`, `unknown parameter; known: ${PARAMS.join(', ')}`);
  }

  const breakConfig = readBreakParams(params, field, add);
  const prompts = readPrompts(params.prompts, `${field}.prompts`, add, Boolean(breakConfig));
  const maxHours = readWhole(
    params.maxHours,
    `${field}.maxHours`,
    TIMED_PRESENCE_DEFAULTS.maxHours,
    add,
    (v) => MaxHours.of(v),
  );
  const presetHours = readPresets(
    params.presetHours,
    `${field}.presetHours`,
    maxHours ?? MAX_HOURS_DEFAULT,
    add,
  );
  const attempts = readWhole(
    params.attempts,
    `${field}.attempts`,
    TIMED_PRESENCE_DEFAULTS.attempts,
    add,
    (v) => inRange(v, 1, MAX_INVALID_ATTEMPTS_LIMIT),
  );
  const collectTimeoutS = readWhole(
    params.collectTimeoutS,
    `${field}.collectTimeoutS`,
    TIMED_PRESENCE_DEFAULTS.collectTimeoutS,
    add,
    (v) => inRange(v, 1, COLLECT_TIMEOUT_S_LIMIT),
  );
  const callerVerification = readPolicy(
    params.callerVerification,
    `${field}.callerVerification`,
    TIMED_PRESENCE_DEFAULTS.callerVerification,
    add,
  );
  const notifyOnExpiry = params.notifyOnExpiry ?? TIMED_PRESENCE_DEFAULTS.notifyOnExpiry;
  if (typeof notifyOnExpiry !== 'boolean')
    add('FLOW.PARAM_INVALID', `${field}.notifyOnExpiry`, 'must be true or false');
  const untilTime = params.untilTime ?? TIMED_PRESENCE_DEFAULTS.untilTime;
  if (typeof untilTime !== 'boolean')
    add('FLOW.PARAM_INVALID', `${field}.untilTime`, 'must be true or false');
  const untilTimeKey = params.untilTimeKey ?? TIMED_PRESENCE_DEFAULTS.untilTimeKey;
  if (typeof untilTimeKey !== 'string' || !(UNTIL_TIME_KEYS as readonly string[]).includes(untilTimeKey))
    add('FLOW.PARAM_INVALID', `${field}.untilTimeKey`, `must be one of ${UNTIL_TIME_KEYS.join(', ')}`);
  if (untilTime === true && prompts !== null) {
    for (const role of UNTIL_TIME_PROMPT_ROLES) {
      if (prompts[role] === undefined)
        add(
          'FLOW.PARAM_REQUIRED',
          `${field}.prompts.${role}`,
          `the ${role} prompt is required while untilTime is on`,
        );
    }
  }
  if (breakConfig && untilTime === true && breakConfig.key === untilTimeKey)
    add('FLOW.PARAM_INVALID', `${field}.breakKey`, `must differ from untilTimeKey (${untilTimeKey})`);

  if (
    problems.length > 0 ||
    prompts === null ||
    maxHours === null ||
    presetHours === null ||
    attempts === null ||
    collectTimeoutS === null ||
    callerVerification === null ||
    typeof notifyOnExpiry !== 'boolean' ||
    breakConfig === undefined ||
    typeof untilTime !== 'boolean' ||
    typeof untilTimeKey !== 'string'
  ) {
    return { settings: null, problems };
  }
  return {
    settings: {
      prompts,
      presetHours,
      maxHours,
      attempts,
      collectTimeoutS,
      callerVerification,
      notifyOnExpiry,
      break: breakConfig,
      untilTime,
      untilTimeKey,
    },
    problems: [],
  };
}

/** The settings of a node that passed validation (a published version); throws if it does not parse. */
export function timedPresenceSettings(params: unknown): TimedPresenceSettings {
  const { settings, problems } = parseTimedPresenceParams(params);
  if (settings === null) throw new TimedPresenceParamsInvalid(problems);
  return settings;
}

/** What the IVR state machine runs with. */
export function ivrConfigOf(settings: TimedPresenceSettings): IvrConfig {
  return {
    presets: PresetHours.of(settings.presetHours, settings.maxHours),
    maxHours: settings.maxHours,
    maxInvalidAttempts: settings.attempts,
    verification: settings.callerVerification,
    timeoutS: settings.collectTimeoutS,
    break: settings.break,
    untilTimeKey: settings.untilTime ? settings.untilTimeKey : null,
  };
}

/** The Timed Presence activity as a kind of node: one way on (to the Exit), its parameters, its prompts. */
export const TIMED_PRESENCE_NODE: NodeKind = {
  kind: TIMED_PRESENCE,
  role: 'activity',
  family: 'login',
  branches: [DEFAULT_BRANCH],
  checkParams: (params, field) => parseTimedPresenceParams(params, field).problems,
  promptRefs: (params): PromptRef[] => {
    if (!isRecord(params) || !isRecord(params.prompts)) return [];
    return Object.entries(params.prompts).flatMap(([role, id]) =>
      typeof id === 'string' && PROMPT_ID.test(id) ? [{ field: `prompts.${role}`, promptId: id }] : [],
    );
  },
};

/** Parameters of a stored Timed Presence node that do not parse any more. */
export class TimedPresenceParamsInvalid extends DomainError {
  readonly code = 'FLOW.TIMED_PRESENCE_PARAMS_INVALID';
  readonly kind = 'invalid' as const;

  constructor(problems: readonly FlowProblem[]) {
    super(`the Timed Presence parameters are invalid: ${problems.map((p) => p.field).join(', ')}`, {
      problems: problems.map((p) => ({ ...p })),
    });
  }
}

function readPrompts(
  value: unknown,
  field: string,
  add: (code: string, at: string, message: string) => void,
  breakEnabled: boolean,
): Partial<Record<PromptRole, string>> | null {
  if (!isRecord(value)) {
    add('FLOW.PARAM_REQUIRED', field, `name a prompt for each of ${REQUIRED_PROMPT_ROLES.join(', ')}`);
    return null;
  }
  const known: readonly string[] = [...REQUIRED_PROMPT_ROLES, ...OPTIONAL_PROMPT_ROLES];
  const prompts: Partial<Record<PromptRole, string>> = {};
  let ok = true;
  for (const [role, id] of Object.entries(value)) {
    if (!known.includes(role)) {
      add('FLOW.PARAM_UNKNOWN', `${field}.${role}`, `not a prompt role; roles: ${known.join(', ')}`);
      ok = false;
    } else if (
      id === undefined ||
      (id === null && (OPTIONAL_PROMPT_ROLES as readonly string[]).includes(role))
    ) {
      continue; // absent, or an optional role left to the built-in wording
    } else if (typeof id !== 'string' || !PROMPT_ID.test(id)) {
      add('FLOW.PARAM_INVALID', `${field}.${role}`, 'must be a prompt id');
      ok = false;
    } else {
      prompts[role as PromptRole] = id;
    }
  }
  for (const role of REQUIRED_PROMPT_ROLES) {
    if (value[role] === undefined) {
      add('FLOW.PARAM_REQUIRED', `${field}.${role}`, `the ${role} prompt is required`);
      ok = false;
    }
  }
  if (breakEnabled && !checkBreakPrompts(value, field, add)) ok = false;
  return ok ? prompts : null;
}
