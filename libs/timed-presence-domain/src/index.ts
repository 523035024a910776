export { AgentPresence, type AgentPresenceProps, type ExpiryOutcome } from './agent-presence';
export {
  CALLER_VERIFICATION_POLICIES,
  FULL_ATTESTATION,
  callerVerificationStep,
  isFullyAttested,
  isPinRequired,
  type CallerVerificationPolicy,
  type CallerVerificationStep,
  type StirVerstat,
} from './caller-verification';
export { CUSTOM_HOURS_MAX_DIGITS, parseCustomHours, type CustomHoursChoice } from './custom-hours-entry';
export {
  DEFAULT_PRESET_HOURS,
  Hours,
  MAX_HOURS_DEFAULT,
  MAX_HOURS_LIMIT,
  MIN_HOURS,
  MaxHours,
  OnlineUntil,
  PresetHours,
  type PresetNumber,
} from './hours';
export { formatOnlineUntil, formatTimeOfDay, isKnownTimeZone } from './online-until';
export { UNTIL_TIME_DIGITS, parseUntilTime, type UntilTimeChoice } from './until-time-entry';
export { instantsAt, nextDay, wallClockAt, type LocalDate, type TimeOfDay } from './wall-time';
export { PresenceRepository, type SessionOrigin } from './ports/presence-repository.port';
export {
  AgentOffline,
  HoursNotWhole,
  HoursOutOfRange,
  IvrConfigInvalid,
  IvrSessionEnded,
  IvrSnapshotInvalid,
  IvrUnexpectedInput,
  MaxHoursOutOfRange,
  PresenceChangedConcurrently,
  PresenceStateInvalid,
  PresetHoursNotFour,
  UntilOutOfRange,
} from './presence.errors';
export {
  AgentPresenceChanged,
  AgentWentOffline,
  AgentWentOnline,
  PRESENCE_REASONS,
  PRESENCE_STATES,
  type GoOfflineReason,
  type GoOnlineReason,
  type PresenceChangeReason,
  type PresenceEvent,
  type PresenceEventData,
  type PresenceReason,
  type PresenceState,
} from './presence.events';
export { CUSTOM_HOURS_KEY, OFFLINE_KEY, parsePresetMenuKey, type PresetMenuChoice } from './preset-menu';
export {
  COLLECT_TIMEOUT_S_DEFAULT,
  COLLECT_TIMEOUT_S_LIMIT,
  MAX_INVALID_ATTEMPTS_DEFAULT,
  MAX_INVALID_ATTEMPTS_LIMIT,
  PIN_MAX_DIGITS,
  ADDED_PROMPT_ROLES,
  PROMPT_ROLES,
  VENDOR_PROMPT_ROLES,
  TimedPresenceIvr,
  UNTIL_TIME_CONFIRM_KEY,
  UNTIL_TIME_KEYS,
  UNTIL_TIME_KEY_DEFAULT,
  UNTIL_TIME_PROMPT_ROLES,
  type CollectPurpose,
  type CollectStep,
  type HangupStep,
  type IvrCall,
  type IvrCaller,
  type IvrConfig,
  type IvrEffect,
  type IvrOutcome,
  type IvrPhase,
  type IvrSnapshot,
  type IvrStep,
  type IvrTurn,
  type PromptRole,
  type VendorPromptRole,
  type PromptStep,
  type StatusStep,
  type UntilReadbackStep,
} from './timed-presence-ivr';
