import { DomainError } from '@tp/ddd';
import {
  CALLER_VERIFICATION_POLICIES,
  callerVerificationStep,
  type CallerVerificationPolicy,
} from './caller-verification';
import { parseCustomHours } from './custom-hours-entry';
import { MaxHours, PresetHours } from './hours';
import { isKnownTimeZone } from './online-until';
import { parsePresetMenuKey } from './preset-menu';
import { IvrConfigInvalid, IvrSessionEnded, IvrSnapshotInvalid, IvrUnexpectedInput } from './presence.errors';
import { BREAK_MINUTES_MAX, BREAK_MINUTES_MIN } from './agent-presence';
import { PRESENCE_STATES, type PresenceState, type SessionVia } from './presence.events';
import { UNTIL_TIME_DIGITS, parseUntilTime } from './until-time-entry';

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

/** The prompts of the timed break: it started, or it cannot be taken (the agent is not online). */
export const BREAK_PROMPT_ROLES = ['break-started', 'break-not-online'] as const;
/** The prompts of "online until a time of day": the question, and the confirmation after the read-back. */
export const UNTIL_TIME_PROMPT_ROLES = ['until-time', 'until-time-confirm'] as const;

/**
 * Every prompt the Timed Presence IVR plays: the one list of prompt roles (media tags prompts with
 * them, a flow's activity names a prompt for each, the contracts carry them).
 */
export const PROMPT_ROLES = [
  ...VENDOR_PROMPT_ROLES,
  ...ADDED_PROMPT_ROLES,
  ...BREAK_PROMPT_ROLES,
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
  readonly state: 'online' | 'busy' | 'on-break';
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
 * - `go-online` / `go-online-until` / `go-offline` / `start-break`: send presence the command
 *   (`until` is ISO, UTC); `via` says how the window was chosen (a preset, custom hours or a time
 *   of day), for the session record.
 */
export type IvrEffect =
  | { readonly type: 'verify-pin'; readonly pin: string }
  | { readonly type: 'go-online'; readonly hours: number; readonly via: SessionVia }
  | { readonly type: 'go-online-until'; readonly until: string; readonly via: 'ivr-until-time' }
  | { readonly type: 'start-break'; readonly minutes: number }
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
const IVR_PHASES: readonly IvrPhase[] = [
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
  | 'unknown-caller'
  | 'pin-not-set'
  | 'pin-locked'
  | 'too-many-attempts'
  | 'went-online'
  | 'went-offline'
  | 'went-on-break';
const IVR_OUTCOMES: readonly IvrOutcome[] = [
  'went-on-break',
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
const CUSTOM_HOURS_COLLECT_DIGITS = 3;
/** The keys the preset menu leaves free, one of which may lead to "online until a time of day". */
export const UNTIL_TIME_KEYS = ['5', '6', '7', '8'] as const;
export const UNTIL_TIME_KEY_DEFAULT = '5';
/** The key that confirms the read-back end; any other key asks for the time again. */
export const UNTIL_TIME_CONFIRM_KEY = '1';

/** The timed break: the preset menu's key that starts it, and its length. */
export interface BreakConfig {
  /** One of 5 to 8 (1 to 4, 9 and 0 are the vendor's keys). */
  readonly key: string;
  /** Whole minutes, 1..120. */
  readonly minutes: number;
}
/** The keys a break may be given: those the vendor's preset menu leaves free. */
export const BREAK_KEYS = ['5', '6', '7', '8'] as const;

/** The settings of a Timed Presence activity. */
export interface IvrConfig {
  readonly presets: PresetHours;
  readonly maxHours: number;
  /** Invalid answers (silence and wrong PINs included) in the whole call before it ends; default 3. */
  readonly maxInvalidAttempts?: number;
  readonly verification: CallerVerificationPolicy;
  /** Seconds of silence that end a collect; default 5. */
  readonly timeoutS?: number;
  /** The timed break; absent or null: off (its key is invalid input, as in the vendor's flow). */
  readonly break?: BreakConfig | null;
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
    /** Absent in snapshots from before the break existed: off. */
    readonly break?: BreakConfig | null;
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

type SnapshotCaller =
  | { readonly found: false }
  | {
      readonly found: true;
      readonly userId: string;
      readonly displayName?: string;
      readonly hasPin: boolean;
      readonly timeZone: string;
      readonly presence: { readonly state: PresenceState; readonly expiresAt: string | null };
    };

interface Settings {
  readonly presets: PresetHours;
  readonly maxHours: MaxHours;
  readonly maxInvalidAttempts: number;
  readonly verification: CallerVerificationPolicy;
  readonly timeoutS: number;
  readonly break: BreakConfig | null;
  readonly untilTimeKey: string | null;
}

type PendingUntil = NonNullable<IvrSnapshot['pendingUntil']>;

const prompt = (role: PromptRole): PromptStep => ({ type: 'prompt', role });
const HANGUP: HangupStep = { type: 'hangup' };

/**
 * The Timed Presence activity as a pure state machine: the vendor's flow (welcome, preset hours
 * 1-4, 9 for custom hours, 0 for offline, invalid input repeats the menu) plus caller verification
 * and a limit on invalid answers. It knows no clock, no channel and no storage: each call returns
 * steps to play and at most one effect, and {@link snapshot} / {@link restore} carry it between
 * webhooks.
 */
export class TimedPresenceIvr {
  private constructor(
    private readonly settings: Settings,
    private readonly caller: SnapshotCaller,
    private readonly stirVerstat: string | null,
    private currentPhase: IvrPhase,
    private invalid: number,
    private turns: number,
    private ending: IvrOutcome | null,
    private pendingUntil: PendingUntil | null = null,
  ) {}

  /** Answers the call: the first turn, and the IVR to feed the caller's keys to. */
  static start(
    config: IvrConfig,
    caller: IvrCaller,
    call: IvrCall = {},
  ): { ivr: TimedPresenceIvr; turn: IvrTurn } {
    const settings = settingsOf(config);
    const ivr = new TimedPresenceIvr(
      settings,
      snapshotCaller(caller),
      call.stirVerstat ?? null,
      'ended',
      0,
      0,
      null,
    );
    return { ivr, turn: ivr.answer() };
  }

  /** Brings back an IVR from its snapshot; throws {@link IvrSnapshotInvalid} when it does not hold together. */
  static restore(snapshot: IvrSnapshot): TimedPresenceIvr {
    try {
      return TimedPresenceIvr.fromSnapshot(snapshot);
    } catch (error) {
      if (error instanceof IvrSnapshotInvalid || !(error instanceof DomainError)) throw error;
      throw new IvrSnapshotInvalid(error.message);
    }
  }

  get phase(): IvrPhase {
    return this.currentPhase;
  }
  get done(): boolean {
    return this.currentPhase === 'ended';
  }
  get outcome(): IvrOutcome | null {
    return this.ending;
  }
  get invalidAttempts(): number {
    return this.invalid;
  }
  get turn(): number {
    return this.turns;
  }
  /** The recognised caller's user id, or null for an unknown caller. */
  get userId(): string | null {
    return this.caller.found ? this.caller.userId : null;
  }

  /**
   * The keys the caller pressed at the current collect; null or '' is silence (the collect timed
   * out). `now` is when they arrived (the IVR has no clock; only a time of day needs it). Throws
   * {@link IvrSessionEnded} after the call ended, {@link IvrUnexpectedInput} while a PIN check is pending.
   */
  input(keys: string | null, now: Date): IvrTurn {
    this.expect('keys');
    this.turns += 1;
    switch (this.currentPhase) {
      case 'pin-entry':
        return this.pinEntered(keys);
      case 'preset-menu':
        return this.presetChosen(keys);
      case 'until-time':
        return this.untilTimeEntered(keys, now);
      case 'until-time-confirm':
        return this.untilTimeConfirmed(keys, now);
      default:
        return this.customHoursEntered(keys);
    }
  }

  /** The result of the PIN check the runtime made for the last `verify-pin` effect. */
  pinChecked(result: 'ok' | 'wrong' | 'locked'): IvrTurn {
    this.expect('pin-result');
    this.turns += 1;
    switch (result) {
      case 'ok':
        return this.menu();
      case 'wrong':
        return this.invalidAnswer(prompt('pin-wrong'));
      case 'locked':
        return this.end('pin-locked', [prompt('pin-locked')]);
    }
  }

  snapshot(): IvrSnapshot {
    const s = this.settings;
    return {
      version: 1,
      config: {
        presets: s.presets.values,
        maxHours: s.maxHours.value,
        maxInvalidAttempts: s.maxInvalidAttempts,
        verification: s.verification,
        timeoutS: s.timeoutS,
        break: s.break === null ? null : { ...s.break },
        untilTimeKey: s.untilTimeKey,
      },
      caller: copyCaller(this.caller),
      call: { stirVerstat: this.stirVerstat },
      phase: this.currentPhase,
      invalidAttempts: this.invalid,
      turn: this.turns,
      outcome: this.ending,
      pendingUntil: this.pendingUntil === null ? null : { ...this.pendingUntil },
    };
  }

  private answer(): IvrTurn {
    this.turns = 1;
    if (!this.caller.found) return this.end('unknown-caller', [prompt('resource-lookup-error')]);
    const welcome = prompt('welcome');
    switch (
      callerVerificationStep(this.settings.verification, {
        stirVerstat: this.stirVerstat,
        hasPin: this.caller.hasPin,
      })
    ) {
      case 'pin-not-set':
        return this.end('pin-not-set', [welcome, prompt('pin-not-set')]);
      case 'pin':
        return this.pinPrompt([welcome]);
      case 'none':
        return this.menu([welcome]);
    }
  }

  private pinEntered(keys: string | null): IvrTurn {
    const pin = keys?.endsWith('#') ? keys.slice(0, -1) : keys;
    if (pin === null || pin === undefined || !/^\d+$/.test(pin) || pin.length > PIN_MAX_DIGITS) {
      return this.invalidAnswer(prompt('invalid-input'));
    }
    this.currentPhase = 'pin-check';
    return { steps: [], effect: { type: 'verify-pin', pin }, done: false };
  }

  private presetChosen(keys: string | null): IvrTurn {
    if (this.settings.break !== null && keys === this.settings.break.key) return this.breakChosen();
    if (keys !== null && keys === this.settings.untilTimeKey) return this.untilTimePrompt([]);
    const choice = parsePresetMenuKey(keys, this.settings.presets);
    switch (choice.kind) {
      case 'preset':
        return this.goOnline(choice.hours.value, 'ivr-preset');
      case 'custom':
        return this.customHoursPrompt([]);
      case 'offline':
        return this.goOffline();
      case 'invalid':
        return this.invalidAnswer(prompt('invalid-input'));
    }
  }

  private customHoursEntered(keys: string | null): IvrTurn {
    const choice = parseCustomHours(keys, this.settings.maxHours);
    switch (choice.kind) {
      case 'online':
        return this.goOnline(choice.hours.value, 'ivr-custom-hours');
      case 'offline':
        return this.goOffline();
      case 'invalid':
        return this.invalidAnswer(prompt('invalid-input'));
    }
  }

  private untilTimeEntered(keys: string | null, now: Date): IvrTurn {
    const choice = parseUntilTime(keys, now, this.zone(), this.settings.maxHours);
    if (choice.kind === 'invalid') return this.invalidAnswer(prompt('invalid-input'));
    this.pendingUntil = { until: choice.until.toISOString(), day: choice.day };
    return this.untilConfirmPrompt([]);
  }

  /** `1` takes the read-back end; silence repeats the read-back; any other key asks for the time again. */
  private untilTimeConfirmed(keys: string | null, now: Date): IvrTurn {
    const pending = this.pendingUntil as PendingUntil;
    if (keys === null || keys === '') return this.invalidAnswer(prompt('invalid-input'));
    if (keys !== UNTIL_TIME_CONFIRM_KEY) return this.untilTimePrompt([]);
    if (Date.parse(pending.until) <= now.getTime()) {
      // The time came while the agent listened: ask again, as for any time that cannot be had.
      this.currentPhase = 'until-time';
      this.pendingUntil = null;
      return this.invalidAnswer(prompt('invalid-input'));
    }
    this.pendingUntil = null;
    return {
      ...this.end('went-online', [prompt('online')]),
      effect: { type: 'go-online-until', until: pending.until, via: 'ivr-until-time' },
    };
  }

  private goOnline(hours: number, via: SessionVia): IvrTurn {
    return { ...this.end('went-online', [prompt('online')]), effect: { type: 'go-online', hours, via } };
  }

  /** A break only from online (as presence last reported it); otherwise the menu again. */
  private breakChosen(): IvrTurn {
    const minutes = this.settings.break?.minutes ?? BREAK_MINUTES_MIN;
    if (!this.caller.found || this.caller.presence.state !== 'online')
      return this.invalidAnswer(prompt('break-not-online'));
    return {
      ...this.end('went-on-break', [prompt('break-started')]),
      effect: { type: 'start-break', minutes },
    };
  }

  private goOffline(): IvrTurn {
    return {
      ...this.end('went-offline', [prompt('offline')]),
      effect: { type: 'go-offline', reason: 'agent-logoff' },
    };
  }

  /** Counts an invalid answer; repeats the current question, or ends the call when the limit is reached. */
  private invalidAnswer(complaint: PromptStep): IvrTurn {
    this.invalid += 1;
    if (this.invalid >= this.settings.maxInvalidAttempts)
      return this.end('too-many-attempts', [prompt('too-many-attempts')]);
    switch (this.currentPhase) {
      case 'preset-menu':
        return this.presetPrompt([complaint]);
      case 'custom-hours':
        return this.customHoursPrompt([complaint]);
      case 'until-time':
        return this.untilTimePrompt([complaint]);
      case 'until-time-confirm':
        return this.untilConfirmPrompt([complaint]);
      default:
        return this.pinPrompt([complaint]);
    }
  }

  private pinPrompt(before: IvrStep[]): IvrTurn {
    this.currentPhase = 'pin-entry';
    return this.ask(before, 'pin-entry', { purpose: 'pin', maxDigits: PIN_MAX_DIGITS, finishOnKey: '#' });
  }

  /** The preset menu on arrival: the readback of a current presence first. */
  private menu(before: IvrStep[] = []): IvrTurn {
    const status = this.status();
    return this.presetPrompt(status === null ? before : [...before, status]);
  }

  private presetPrompt(before: IvrStep[]): IvrTurn {
    this.currentPhase = 'preset-menu';
    return this.ask(before, 'preset-hours', { purpose: 'preset-menu', maxDigits: 1, finishOnKey: '' });
  }

  private customHoursPrompt(before: IvrStep[]): IvrTurn {
    this.currentPhase = 'custom-hours';
    return this.ask(before, 'custom-hours', {
      purpose: 'custom-hours',
      maxDigits: CUSTOM_HOURS_COLLECT_DIGITS,
      finishOnKey: '#',
    });
  }

  private untilTimePrompt(before: IvrStep[]): IvrTurn {
    this.currentPhase = 'until-time';
    this.pendingUntil = null;
    return this.ask(before, 'until-time', {
      purpose: 'until-time',
      maxDigits: UNTIL_TIME_DIGITS,
      finishOnKey: '#',
    });
  }

  /** The read-back of the pending end, then "press 1 to confirm": one key, so that 1 takes effect at once. */
  private untilConfirmPrompt(before: IvrStep[]): IvrTurn {
    const { until, day } = this.pendingUntil as PendingUntil;
    this.currentPhase = 'until-time-confirm';
    const readback: UntilReadbackStep = { type: 'until-readback', until, day, timeZone: this.zone() };
    return this.ask([...before, readback], 'until-time-confirm', {
      purpose: 'until-time-confirm',
      maxDigits: 1,
      finishOnKey: '',
    });
  }

  /** The agent's zone; one Intl does not know is read as UTC rather than failing the call. */
  private zone(): string {
    const timeZone = this.caller.found ? this.caller.timeZone : 'UTC';
    return isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  }

  private ask(before: IvrStep[], role: PromptRole, collect: Omit<CollectStep, 'type' | 'timeoutS'>): IvrTurn {
    return {
      steps: [...before, prompt(role), { type: 'collect', ...collect, timeoutS: this.settings.timeoutS }],
      done: false,
    };
  }

  private status(): StatusStep | null {
    if (!this.caller.found) return null;
    const { state, expiresAt } = this.caller.presence;
    if (state === 'offline' || expiresAt === null) return null;
    return { type: 'status', state, expiresAt, timeZone: this.caller.timeZone };
  }

  private end(outcome: IvrOutcome, steps: IvrStep[]): IvrTurn {
    this.currentPhase = 'ended';
    this.ending = outcome;
    return { steps: [...steps, HANGUP], done: true };
  }

  private expect(received: 'keys' | 'pin-result'): void {
    if (this.currentPhase === 'ended') throw new IvrSessionEnded();
    if ((this.currentPhase === 'pin-check') !== (received === 'pin-result')) {
      throw new IvrUnexpectedInput(received, this.currentPhase);
    }
  }

  private static fromSnapshot(snapshot: IvrSnapshot): TimedPresenceIvr {
    const { config, caller, call, phase, invalidAttempts, turn, outcome, pendingUntil } =
      checkedSnapshot(snapshot);
    return new TimedPresenceIvr(
      settingsOf(config),
      copyCaller(caller),
      call?.stirVerstat ?? null,
      phase,
      invalidAttempts,
      turn,
      outcome,
      pendingUntil ? { ...pendingUntil } : null,
    );
  }
}

function settingsOf(config: {
  presets: PresetHours | readonly number[];
  maxHours: number;
  maxInvalidAttempts?: number;
  verification: CallerVerificationPolicy;
  timeoutS?: number;
  break?: BreakConfig | null;
  untilTimeKey?: string | null;
}): Settings {
  const untilTimeKey = config.untilTimeKey ?? null;
  if (untilTimeKey !== null && !(UNTIL_TIME_KEYS as readonly string[]).includes(untilTimeKey)) {
    throw new IvrConfigInvalid('untilTimeKey', untilTimeKey, `must be one of ${UNTIL_TIME_KEYS.join(', ')}`);
  }
  const maxHours = MaxHours.of(config.maxHours);
  const presetValues = config.presets instanceof PresetHours ? config.presets.values : config.presets;
  const maxInvalidAttempts = config.maxInvalidAttempts ?? MAX_INVALID_ATTEMPTS_DEFAULT;
  const timeoutS = config.timeoutS ?? COLLECT_TIMEOUT_S_DEFAULT;
  if (!isWholeIn(maxInvalidAttempts, 1, MAX_INVALID_ATTEMPTS_LIMIT)) {
    throw new IvrConfigInvalid(
      'maxInvalidAttempts',
      maxInvalidAttempts,
      `must be a whole number in 1..${MAX_INVALID_ATTEMPTS_LIMIT}`,
    );
  }
  if (!isWholeIn(timeoutS, 1, COLLECT_TIMEOUT_S_LIMIT)) {
    throw new IvrConfigInvalid(
      'timeoutS',
      timeoutS,
      `must be a whole number in 1..${COLLECT_TIMEOUT_S_LIMIT}`,
    );
  }
  if (!CALLER_VERIFICATION_POLICIES.includes(config.verification)) {
    throw new IvrConfigInvalid(
      'verification',
      config.verification,
      `must be one of ${CALLER_VERIFICATION_POLICIES.join(', ')}`,
    );
  }
  const breakConfig = config.break ?? null;
  if (breakConfig !== null) {
    if (!(BREAK_KEYS as readonly string[]).includes(breakConfig.key))
      throw new IvrConfigInvalid('break.key', breakConfig.key, `must be one of ${BREAK_KEYS.join(', ')}`);
    if (!isWholeIn(breakConfig.minutes, BREAK_MINUTES_MIN, BREAK_MINUTES_MAX))
      throw new IvrConfigInvalid(
        'break.minutes',
        breakConfig.minutes,
        `must be a whole number in ${BREAK_MINUTES_MIN}..${BREAK_MINUTES_MAX}`,
      );
    if (breakConfig.key === untilTimeKey)
      throw new IvrConfigInvalid(
        'break.key',
        breakConfig.key,
        'is already the key for "until a time of day"',
      );
  }
  // Presets are checked against the activity's maximum, whatever maximum they were built with.
  return {
    presets: PresetHours.of(presetValues, maxHours),
    maxHours,
    maxInvalidAttempts,
    verification: config.verification,
    timeoutS,
    break: breakConfig === null ? null : { key: breakConfig.key, minutes: breakConfig.minutes },
    untilTimeKey,
  };
}

function snapshotCaller(caller: IvrCaller): SnapshotCaller {
  if (!caller.found) return { found: false };
  const { expiresAt } = caller.presence;
  return copyCaller({
    ...caller,
    presence: {
      state: caller.presence.state,
      expiresAt: expiresAt === null ? null : expiresAt.toISOString(),
    },
  });
}

/** Only the fields the IVR needs: whatever else a runtime hands in (a PIN hash…) never reaches a snapshot. */
function copyCaller(caller: SnapshotCaller): SnapshotCaller {
  if (!caller.found) return { found: false };
  const { userId, displayName, hasPin, timeZone, presence } = caller;
  return {
    found: true,
    userId,
    ...(displayName === undefined ? {} : { displayName }),
    hasPin,
    timeZone,
    presence: { state: presence.state, expiresAt: presence.expiresAt },
  };
}

/** Throws {@link IvrSnapshotInvalid} unless the snapshot holds together (the config is checked by settingsOf). */
function checkedSnapshot(snapshot: IvrSnapshot): IvrSnapshot {
  const invalid = (problem: string): never => {
    throw new IvrSnapshotInvalid(problem);
  };
  if (typeof snapshot !== 'object' || snapshot === null || snapshot.version !== 1) invalid('unknown version');
  const { caller, phase, invalidAttempts, turn, outcome } = snapshot;
  if (!IVR_PHASES.includes(phase)) invalid(`unknown phase ${String(phase)}`);
  if (outcome !== null && !IVR_OUTCOMES.includes(outcome)) invalid(`unknown outcome ${String(outcome)}`);
  if ((phase === 'ended') !== (outcome !== null)) invalid('an outcome is set exactly when the call ended');
  if (!isWholeIn(invalidAttempts, 0, Number.MAX_SAFE_INTEGER))
    invalid('invalidAttempts is not a whole number');
  if (!isWholeIn(turn, 0, Number.MAX_SAFE_INTEGER)) invalid('turn is not a whole number');
  const pending = snapshot.pendingUntil ?? null;
  if ((phase === 'until-time-confirm') !== (pending !== null))
    invalid('a pending end is set exactly while it waits for confirmation');
  if (
    pending !== null &&
    (Number.isNaN(Date.parse(pending.until)) || !['today', 'tomorrow'].includes(pending.day))
  )
    invalid('the pending end is not a date of today or tomorrow');
  if (typeof caller !== 'object' || caller === null) invalid('no caller');
  if (caller.found) {
    if (typeof caller.userId !== 'string' || typeof caller.timeZone !== 'string')
      invalid('caller without user or time zone');
    if (!PRESENCE_STATES.includes(caller.presence?.state)) invalid('unknown presence state');
    const { expiresAt } = caller.presence;
    if (expiresAt !== null && Number.isNaN(Date.parse(expiresAt))) invalid('presence expiry is not a date');
  } else if (phase !== 'ended') {
    invalid('an unknown caller only ever has an ended call');
  }
  return snapshot;
}

function isWholeIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
