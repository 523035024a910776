import type { operations } from '../../api/media';
import type { FlowVersion, NewFlowVersion } from '../../api/types';

/**
 * The seven prompts the vendor page asks for, then the optional PIN and giving-up prompts, the
 * until-a-time pair (required by the API while untilTime is on) and the break's two (while the break is).
 */
export const REQUIRED_ROLES = [
  'welcome',
  'resource-lookup-error',
  'preset-hours',
  'custom-hours',
  'invalid-input',
  'online',
  'offline',
] as const;
export const OPTIONAL_ROLES = [
  'pin-entry',
  'pin-wrong',
  'pin-locked',
  'pin-not-set',
  'too-many-attempts',
  'break-started',
  'break-not-online',
  'until-time',
  'until-time-confirm',
] as const;
/** The prompts a flow must name while its timed break is enabled. */
export const BREAK_ROLES = ['break-started', 'break-not-online'] as const;
/** The preset menu keys a break may be given (1-4, 9 and 0 are the vendor's). */
export const BREAK_KEYS = ['5', '6', '7', '8'] as const;
export type Role = (typeof REQUIRED_ROLES)[number] | (typeof OPTIONAL_ROLES)[number];

/** The roles media's API takes (generated from its OpenAPI document, which the domain lib feeds). */
type ApiRole = NonNullable<
  NonNullable<operations['PromptsHttpController_list']['parameters']['query']>['role']
>;
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The lists above are the API's roles, no more and no fewer: a role added or renamed there fails the type check here. */
export const ROLES_ARE_THE_APIS: Exactly<Role, ApiRole> = true;

export const POLICIES = [
  {
    value: 'caller-id',
    label: 'Caller ID only',
    description: 'As the vendor product: the number the agent calls from identifies them.',
  },
  {
    value: 'pin',
    label: 'Always ask for the PIN',
    description: 'The agent also enters their PIN on every call.',
  },
  {
    value: 'pin-unless-attested',
    label: 'PIN unless the carrier vouches for the number',
    description: 'No PIN when the call arrives with full STIR/SHAKEN attestation (level A).',
  },
] as const;

export interface TimedPresenceValues {
  presetHours: [number | string, number | string, number | string, number | string];
  maxHours: number | string;
  attempts: number | string;
  collectTimeoutS: number | string;
  callerVerification: string;
  notifyOnExpiry: boolean;
  /** The timed break: off by default (its key is invalid input then, as in the vendor's flow). */
  breakEnabled: boolean;
  breakKey: string;
  breakMinutes: number | string;
  /** Offer "online until a time of day" on untilTimeKey of the preset menu. */
  untilTime: boolean;
  untilTimeKey: string;
  prompts: Record<Role, string | null>;
}

/** The preset menu keys the until-a-time entry may take. */
export const UNTIL_TIME_KEYS = ['5', '6', '7', '8'] as const;

/** The form's fields, as the API's field paths end (`nodes.1.params.presetHours.2` -> `presetHours.2`). */
export const TIMED_PRESENCE_FIELDS = [
  'presetHours.0',
  'presetHours.1',
  'presetHours.2',
  'presetHours.3',
  'presetHours',
  'maxHours',
  'attempts',
  'collectTimeoutS',
  'callerVerification',
  'notifyOnExpiry',
  'breakEnabled',
  'breakKey',
  'breakMinutes',
  'untilTime',
  'untilTimeKey',
  ...[...REQUIRED_ROLES, ...OPTIONAL_ROLES].map((role) => `prompts.${role}`),
];

/** `nodes[1].params.presetHours[2]` or `nodes.1.params.presetHours.2` -> `presetHours.2`. */
export const paramField = (field: string) =>
  field
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^nodes\.\d+\.params\.?/, '')
    .replace(/^params\./, '');

const TP_NODE = 'timed-presence';

export const DEFAULT_VALUES = (promptsByRole: Partial<Record<Role, string>>): TimedPresenceValues => ({
  presetHours: [8, 24, 48, 72],
  maxHours: 99,
  attempts: 3,
  collectTimeoutS: 5,
  callerVerification: 'caller-id',
  notifyOnExpiry: false,
  breakEnabled: false,
  breakKey: '6',
  breakMinutes: 15,
  untilTime: false,
  untilTimeKey: '5',
  prompts: Object.fromEntries(
    [...REQUIRED_ROLES, ...OPTIONAL_ROLES].map((role) => [role, promptsByRole[role] ?? null]),
  ) as Record<Role, string | null>,
});

/** The Timed Presence node of a version, when the version is the Entry -> Timed Presence -> Exit shape. */
export function timedPresenceParams(version: FlowVersion): Record<string, unknown> | null {
  const nodes = version.graph.nodes;
  const tp = nodes.filter((n) => n.kind === TP_NODE);
  const others = nodes.filter((n) => n.kind !== TP_NODE && n.kind !== 'entry' && n.kind !== 'exit');
  if (tp.length !== 1 || others.length > 0) return null;
  return tp[0]?.params ?? {};
}

/** A form's values from a version's Timed Presence parameters (what it leaves out takes the defaults). */
export function valuesOf(
  params: Record<string, unknown>,
  fallback: TimedPresenceValues,
): TimedPresenceValues {
  const presets = Array.isArray(params.presetHours) ? (params.presetHours as number[]) : fallback.presetHours;
  const prompts = (params.prompts ?? {}) as Partial<Record<Role, string>>;
  return {
    presetHours: [presets[0] ?? '', presets[1] ?? '', presets[2] ?? '', presets[3] ?? ''],
    maxHours: typeof params.maxHours === 'number' ? params.maxHours : fallback.maxHours,
    attempts: typeof params.attempts === 'number' ? params.attempts : fallback.attempts,
    collectTimeoutS:
      typeof params.collectTimeoutS === 'number' ? params.collectTimeoutS : fallback.collectTimeoutS,
    callerVerification:
      typeof params.callerVerification === 'string' ? params.callerVerification : fallback.callerVerification,
    notifyOnExpiry:
      typeof params.notifyOnExpiry === 'boolean' ? params.notifyOnExpiry : fallback.notifyOnExpiry,
    breakEnabled: typeof params.breakEnabled === 'boolean' ? params.breakEnabled : fallback.breakEnabled,
    breakKey: typeof params.breakKey === 'string' ? params.breakKey : fallback.breakKey,
    breakMinutes: typeof params.breakMinutes === 'number' ? params.breakMinutes : fallback.breakMinutes,
    untilTime: typeof params.untilTime === 'boolean' ? params.untilTime : fallback.untilTime,
    untilTimeKey: typeof params.untilTimeKey === 'string' ? params.untilTimeKey : fallback.untilTimeKey,
    prompts: {
      ...fallback.prompts,
      ...Object.fromEntries(Object.entries(prompts).filter(([, id]) => typeof id === 'string')),
    },
  };
}

const whole = (value: number | string) => (value === '' ? undefined : Number(value));

/** A Timed Presence node's parameters from the form's values (the form and the designer's panel share it). */
export function timedPresenceParamsOf(values: TimedPresenceValues): Record<string, unknown> {
  const prompts = Object.fromEntries(Object.entries(values.prompts).filter(([, id]) => !!id)) as Record<
    string,
    string
  >;
  return {
    prompts,
    presetHours: values.presetHours.map((h) => whole(h)),
    maxHours: whole(values.maxHours),
    attempts: whole(values.attempts),
    collectTimeoutS: whole(values.collectTimeoutS),
    callerVerification: values.callerVerification,
    notifyOnExpiry: values.notifyOnExpiry,
    breakEnabled: values.breakEnabled,
    breakKey: values.breakKey,
    breakMinutes: whole(values.breakMinutes),
    untilTime: values.untilTime,
    untilTimeKey: values.untilTimeKey,
  };
}

/** The version body: Entry -> Timed Presence -> Exit (the designer draws any graph; this form draws this one). */
export function graphOf(values: TimedPresenceValues): NewFlowVersion {
  return {
    nodes: [
      { id: 'entry', kind: 'entry' },
      { id: TP_NODE, kind: TP_NODE, label: 'Timed Presence', params: timedPresenceParamsOf(values) },
      { id: 'exit', kind: 'exit' },
    ],
    edges: [
      { from: 'entry', to: TP_NODE },
      { from: TP_NODE, to: 'exit' },
    ],
  };
}
