import { DomainError } from '@tp/ddd';
import { callerVerificationStep } from './caller-verification';
import { parseCustomHours } from './custom-hours-entry';
import { checkedSnapshot, copyCaller, settingsOf, snapshotCaller } from './ivr-snapshot';
import {
  CUSTOM_HOURS_COLLECT_DIGITS,
  PIN_MAX_DIGITS,
  UNTIL_TIME_CONFIRM_KEY,
  type CollectStep,
  type HangupStep,
  type IvrCall,
  type IvrCaller,
  type IvrConfig,
  type IvrOutcome,
  type IvrPhase,
  type IvrSnapshot,
  type IvrStep,
  type IvrTurn,
  type PendingUntil,
  type PromptRole,
  type PromptStep,
  type Settings,
  type SnapshotCaller,
  type StatusStep,
  type UntilReadbackStep,
} from './ivr-types';
import { isKnownTimeZone } from './online-until';
import { parsePresetMenuKey } from './preset-menu';
import { IvrSessionEnded, IvrSnapshotInvalid, IvrUnexpectedInput } from './presence.errors';
import { UNTIL_TIME_DIGITS, parseUntilTime } from './until-time-entry';

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
    if (keys !== null && keys === this.settings.untilTimeKey) return this.untilTimePrompt([]);
    const choice = parsePresetMenuKey(keys, this.settings.presets);
    switch (choice.kind) {
      case 'preset':
        return this.goOnline(choice.hours.value);
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
        return this.goOnline(choice.hours.value);
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
      effect: { type: 'go-online-until', until: pending.until },
    };
  }

  private goOnline(hours: number): IvrTurn {
    return { ...this.end('went-online', [prompt('online')]), effect: { type: 'go-online', hours } };
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
