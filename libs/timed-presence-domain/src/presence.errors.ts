import { DomainError } from '@tp/ddd';

// ---- Hours -------------------------------------------------------------------------------------

/** A number of hours that is not a whole number (2.5, NaN, Infinity). */
export class HoursNotWhole extends DomainError {
  readonly code = 'PRESENCE.HOURS_NOT_WHOLE';
  readonly kind = 'invalid' as const;

  constructor(value: number, preset?: number) {
    super(`${value} is not a whole number of hours`, preset === undefined ? { value } : { value, preset });
  }
}

/** A whole number of hours outside 1..max. */
export class HoursOutOfRange extends DomainError {
  readonly code = 'PRESENCE.HOURS_OUT_OF_RANGE';
  readonly kind = 'invalid' as const;

  constructor(value: number, min: number, max: number, preset?: number) {
    super(
      `${value} hours is outside ${min}..${max}`,
      preset === undefined ? { value, min, max } : { value, min, max, preset },
    );
  }
}

/** A tenant's maximum number of hours outside 1..99 (the custom entry takes at most two digits). */
export class MaxHoursOutOfRange extends DomainError {
  readonly code = 'PRESENCE.MAX_HOURS_OUT_OF_RANGE';
  readonly kind = 'invalid' as const;

  constructor(value: number, min: number, max: number) {
    super(`a maximum of ${value} hours is outside ${min}..${max} or not whole`, { value, min, max });
  }
}

/** An end of a window ("until 18:30") not after now, or more than the tenant's maximum hours after it. */
export class UntilOutOfRange extends DomainError {
  readonly code = 'PRESENCE.UNTIL_OUT_OF_RANGE';
  readonly kind = 'invalid' as const;

  constructor(until: Date, now: Date, maxHours: number) {
    const at = Number.isNaN(until.getTime()) ? String(until) : until.toISOString();
    super(`online until ${at} is not within ${maxHours} hours after ${now.toISOString()}`, {
      until: at,
      now: now.toISOString(),
      maxHours,
    });
  }
}

/** The preset menu offers exactly four choices (keys 1 to 4). */
export class PresetHoursNotFour extends DomainError {
  readonly code = 'PRESENCE.PRESETS_NOT_FOUR';
  readonly kind = 'invalid' as const;

  constructor(count: number) {
    super(`the preset menu needs exactly four hour values, got ${count}`, { count, expected: 4 });
  }
}

// ---- Agent presence ----------------------------------------------------------------------------

/** An offline agent cannot be put on a call. */
export class AgentOffline extends DomainError {
  readonly code = 'PRESENCE.AGENT_OFFLINE';
  readonly kind = 'conflict' as const;

  constructor(tenantId: string, agentId: string) {
    super(`agent ${agentId} is offline`, { tenantId, agentId });
  }
}

/** A window's new end that is not ahead of now, or more than 99 hours ahead. */
export class WindowEndInvalid extends DomainError {
  readonly code = 'PRESENCE.WINDOW_INVALID';
  readonly kind = 'invalid' as const;

  constructor(until: Date, rule: string) {
    super(`a window ending at ${until.toISOString()} ${rule}`, { until: until.toISOString(), rule });
  }
}

/** A break is taken only while online (not offline, busy, already on a break, or past the expiry). */
export class BreakNotAllowed extends DomainError {
  readonly code = 'PRESENCE.BREAK_NOT_ALLOWED';
  readonly kind = 'conflict' as const;

  constructor(tenantId: string, agentId: string, state: string) {
    super(`agent ${agentId} can take a break only while online, not ${state}`, { tenantId, agentId, state });
  }
}

/** A break of a length outside 1..120 whole minutes. */
export class BreakMinutesOutOfRange extends DomainError {
  readonly code = 'PRESENCE.BREAK_MINUTES_OUT_OF_RANGE';
  readonly kind = 'invalid' as const;

  constructor(value: number, min: number, max: number) {
    super(`a break of ${value} minutes is outside ${min}..${max} or not whole`, { value, min, max });
  }
}

/** Stored presence that breaks an invariant (for example online without an expiry). */
export class PresenceStateInvalid extends DomainError {
  readonly code = 'PRESENCE.STATE_INVALID';
  readonly kind = 'invalid' as const;

  constructor(problem: string, details: Record<string, unknown>) {
    super(`presence state is invalid: ${problem}`, { problem, ...details });
  }
}

/** The stored presence changed between reading and saving it; retry on fresh state. */
export class PresenceChangedConcurrently extends DomainError {
  readonly code = 'PRESENCE.CHANGED_CONCURRENTLY';
  readonly kind = 'conflict' as const;

  constructor(tenantId: string, agentId: string, expectedSequence: number) {
    super(`presence of agent ${agentId} changed meanwhile`, { tenantId, agentId, expectedSequence });
  }
}

// ---- Timed Presence IVR ------------------------------------------------------------------------

/** The IVR session has ended (hung up); no further input is taken. */
export class IvrSessionEnded extends DomainError {
  readonly code = 'IVR.SESSION_ENDED';
  readonly kind = 'conflict' as const;

  constructor() {
    super('the timed presence call has ended');
  }
}

/** The IVR was driven out of order: keys while it waits for a PIN check, or a PIN result it did not ask for. */
export class IvrUnexpectedInput extends DomainError {
  readonly code = 'IVR.UNEXPECTED_INPUT';
  readonly kind = 'conflict' as const;

  constructor(received: 'keys' | 'pin-result', phase: string) {
    super(`the timed presence IVR did not expect ${received} while in ${phase}`, { received, phase });
  }
}

/** The Timed Presence activity is configured with a value the IVR cannot run with. */
export class IvrConfigInvalid extends DomainError {
  readonly code = 'IVR.CONFIG_INVALID';
  readonly kind = 'invalid' as const;

  constructor(field: string, value: unknown, rule: string) {
    super(`timed presence setting ${field} ${rule}`, { field, value, rule });
  }
}

/** A stored IVR snapshot that cannot be restored. */
export class IvrSnapshotInvalid extends DomainError {
  readonly code = 'IVR.SNAPSHOT_INVALID';
  readonly kind = 'invalid' as const;

  constructor(problem: string) {
    super(`the IVR snapshot cannot be restored: ${problem}`, { problem });
  }
}
