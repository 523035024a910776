import type { CallerVerificationPolicy } from './caller-verification';
import type { MaxHours, PresetHours } from './hours';
import type { PresenceState } from './presence.events';

/** The seven prompts of the vendor's Timed Presence log-in IVR, in the order a call meets them. */
export const VENDOR_PROMPT_ROLES = [
  'welcome',
  'resource-lookup-error',
  'preset-hours',
  'custom-hours',
  'invalid-input',
  'online',
  'offline',
] as const;
export type VendorPromptRole = (typeof VENDOR_PROMPT_ROLES)[number];

/** The prompts this product adds, for PIN verification and for giving up. */
export const ADDED_PROMPT_ROLES = [
  'pin-entry',
  'pin-wrong',
  'pin-locked',
  'pin-not-set',
  'too-many-attempts',
] as const;

/** The prompts of "online until a time of day": the question, and the confirmation after the read-back. */
export const UNTIL_TIME_PROMPT_ROLES = ['until-time', 'until-time-confirm'] as const;

/**
 * Every prompt the Timed Presence IVR plays: the one list of prompt roles (media tags prompts with
 * them, a flow's activity names a prompt for each, the contracts carry them).
 */
export const PROMPT_ROLES = [
  ...VENDOR_PROMPT_ROLES,
  ...ADDED_PROMPT_ROLES,
  ...UNTIL_TIME_PROMPT_ROLES,
] as const;
export type PromptRole = (typeof PROMPT_ROLES)[number];

/** What a collect gathers keys for. */
export type CollectPurpose = 'preset-menu' | 'custom-hours' | 'pin' | 'until-time' | 'until-time-confirm';

/** Play the tenant's prompt for this role. */
export interface PromptStep {
  readonly type: 'prompt';
  readonly role: PromptRole;
}

/** Read back the agent's current presence: "you are online until Tuesday at 5:00 PM" (see formatOnlineUntil). */
export interface StatusStep {
  readonly type: 'status';
  readonly state: 'online' | 'busy';
  /** ISO-8601, UTC. */
  readonly expiresAt: string;
  /** The agent's IANA time zone, in which to speak the time. */
  readonly timeZone: string;
}

/** Read back the end the agent entered: "you will be online until 6:30 PM tomorrow". */
export interface UntilReadbackStep {
  readonly type: 'until-readback';
  /** ISO-8601, UTC. */
  readonly until: string;
  /** Whether that is later today or tomorrow on the agent's wall clock. */
  readonly day: 'today' | 'tomorrow';
  /** The agent's IANA time zone, in which to speak the time. */
  readonly timeZone: string;
}

/**
 * Wait for keys. A renderer nests the prompt and status steps that come right before a collect
 * inside it (a TwiML `<Gather>`), so keys pressed during them barge in.
 */
export interface CollectStep {
  readonly type: 'collect';
  readonly purpose: CollectPurpose;
  readonly maxDigits: number;
  readonly timeoutS: number;
  /** The key that ends the entry early; '' disables it, so that '#' is reported as a key. */
  readonly finishOnKey: string;
}

export interface HangupStep {
  readonly type: 'hangup';
}

/** Channel-neutral instructions for the call, in order. */
export type IvrStep = PromptStep | StatusStep | UntilReadbackStep | CollectStep | HangupStep;

/**
 * What the runtime must do besides playing the steps.
 * - `verify-pin`: ask identity to check the PIN, then call {@link TimedPresenceIvr.pinChecked}.
 *   The PIN is in the effect only, never in the snapshot.
 * - `go-online` / `go-online-until` / `go-offline`: send presence the command (`until` is ISO, UTC).
 */
export type IvrEffect =
  | { readonly type: 'verify-pin'; readonly pin: string }
  | { readonly type: 'go-online'; readonly hours: number }
  | { readonly type: 'go-online-until'; readonly until: string }
  | { readonly type: 'go-offline'; readonly reason: 'agent-logoff' };

/** One answer of the IVR: steps to play, at most one effect, and whether the call is over. */
export interface IvrTurn {
  readonly steps: IvrStep[];
  readonly effect?: IvrEffect;
  readonly done: boolean;
}

/** Where the IVR is: waiting for keys of a menu, waiting for the PIN check, or ended. */
export type IvrPhase =
  'pin-entry' | 'pin-check' | 'preset-menu' | 'custom-hours' | 'until-time' | 'until-time-confirm' | 'ended';
export const IVR_PHASES: readonly IvrPhase[] = [
  'pin-entry',
  'pin-check',
  'preset-menu',
  'custom-hours',
  'until-time',
  'until-time-confirm',
  'ended',
];

/** How an ended call ended, for the flow's exit and the audit log. */
export type IvrOutcome =
  'unknown-caller' | 'pin-not-set' | 'pin-locked' | 'too-many-attempts' | 'went-online' | 'went-offline';
export const IVR_OUTCOMES: readonly IvrOutcome[] = [
  'unknown-caller',
  'pin-not-set',
  'pin-locked',
  'too-many-attempts',
  'went-online',
  'went-offline',
];

export const MAX_INVALID_ATTEMPTS_DEFAULT = 3;
export const MAX_INVALID_ATTEMPTS_LIMIT = 10;
export const COLLECT_TIMEOUT_S_DEFAULT = 5;
export const COLLECT_TIMEOUT_S_LIMIT = 60;
/** PINs are up to eight digits, ended early with '#'. */
export const PIN_MAX_DIGITS = 8;
/** The custom entry takes two digits; a third is collected so that too many digits can be told apart. */
export const CUSTOM_HOURS_COLLECT_DIGITS = 3;
/** The keys the preset menu leaves free, one of which may lead to "online until a time of day". */
export const UNTIL_TIME_KEYS = ['5', '6', '7', '8'] as const;
export const UNTIL_TIME_KEY_DEFAULT = '5';
/** The key that confirms the read-back end; any other key asks for the time again. */
export const UNTIL_TIME_CONFIRM_KEY = '1';

/** The settings of a Timed Presence activity. */
export interface IvrConfig {
  readonly presets: PresetHours;
  readonly maxHours: number;
  /** Invalid answers (silence and wrong PINs included) in the whole call before it ends; default 3. */
  readonly maxInvalidAttempts?: number;
  readonly verification: CallerVerificationPolicy;
  /** Seconds of silence that end a collect; default 5. */
  readonly timeoutS?: number;
  /** The preset menu key that asks "until what time" (one of 5-8); absent or null: no such key. */
  readonly untilTimeKey?: string | null;
}

/** Who called, as identity found them by caller ID, with their presence as the presence app reports it. */
export type IvrCaller =
  | { readonly found: false }
  | {
      readonly found: true;
      readonly userId: string;
      readonly displayName?: string;
      readonly hasPin: boolean;
      readonly timeZone: string;
      readonly presence: { readonly state: PresenceState; readonly expiresAt: Date | null };
    };

/** What the carrier says about the call. */
export interface IvrCall {
  readonly stirVerstat?: string | null;
}

/** The IVR at rest between two webhooks: plain JSON, times as ISO strings, no PIN. */
export interface IvrSnapshot {
  readonly version: 1;
  readonly config: {
    readonly presets: number[];
    readonly maxHours: number;
    readonly maxInvalidAttempts: number;
    readonly verification: CallerVerificationPolicy;
    readonly timeoutS: number;
    /** Absent in snapshots from before the key existed: no key. */
    readonly untilTimeKey?: string | null;
  };
  readonly caller: SnapshotCaller;
  readonly call: { readonly stirVerstat: string | null };
  readonly phase: IvrPhase;
  readonly invalidAttempts: number;
  /** How many turns the IVR has answered; a runtime can use it to spot a retried webhook. */
  readonly turn: number;
  readonly outcome: IvrOutcome | null;
  /** The end read back and waiting for the agent's confirmation: set exactly in `until-time-confirm`. */
  readonly pendingUntil?: { readonly until: string; readonly day: 'today' | 'tomorrow' } | null;
}

/** The caller as a snapshot keeps it. */
export type SnapshotCaller =
  | { readonly found: false }
  | {
      readonly found: true;
      readonly userId: string;
      readonly displayName?: string;
      readonly hasPin: boolean;
      readonly timeZone: string;
      readonly presence: { readonly state: PresenceState; readonly expiresAt: string | null };
    };

/** The checked settings the IVR runs with. */
export interface Settings {
  readonly presets: PresetHours;
  readonly maxHours: MaxHours;
  readonly maxInvalidAttempts: number;
  readonly verification: CallerVerificationPolicy;
  readonly timeoutS: number;
  readonly untilTimeKey: string | null;
}

export type PendingUntil = NonNullable<IvrSnapshot['pendingUntil']>;
