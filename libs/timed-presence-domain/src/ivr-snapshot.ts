import { CALLER_VERIFICATION_POLICIES, type CallerVerificationPolicy } from './caller-verification';
import { MaxHours, PresetHours } from './hours';
import { IvrConfigInvalid, IvrSnapshotInvalid } from './presence.errors';
import { PRESENCE_STATES } from './presence.events';
import {
  COLLECT_TIMEOUT_S_DEFAULT,
  COLLECT_TIMEOUT_S_LIMIT,
  IVR_OUTCOMES,
  IVR_PHASES,
  MAX_INVALID_ATTEMPTS_DEFAULT,
  MAX_INVALID_ATTEMPTS_LIMIT,
  UNTIL_TIME_KEYS,
  type IvrCaller,
  type IvrSnapshot,
  type Settings,
  type SnapshotCaller,
} from './ivr-types';

export function settingsOf(config: {
  presets: PresetHours | readonly number[];
  maxHours: number;
  maxInvalidAttempts?: number;
  verification: CallerVerificationPolicy;
  timeoutS?: number;
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
  // Presets are checked against the activity's maximum, whatever maximum they were built with.
  return {
    presets: PresetHours.of(presetValues, maxHours),
    maxHours,
    maxInvalidAttempts,
    verification: config.verification,
    timeoutS,
    untilTimeKey,
  };
}

export function snapshotCaller(caller: IvrCaller): SnapshotCaller {
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
export function copyCaller(caller: SnapshotCaller): SnapshotCaller {
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
export function checkedSnapshot(snapshot: IvrSnapshot): IvrSnapshot {
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

export function isWholeIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
