export {
  FlowCheckUnavailable,
  FlowNotFound,
  FlowNotPublished,
  MappingChangedConcurrently,
  MappingFieldInvalid,
  MappingNotFound,
  MappingVersionMismatch,
  PhoneNumberTaken,
  PlatformTwilioAccountNotConfigured,
  TenantTwilioAccountInUse,
  TenantTwilioAccountNotSet,
  TwilioCredentialsInvalid,
  type MappingField,
} from './dispatch.errors';
export {
  INTERACTION_TYPES,
  MAPPING_DESCRIPTION_MAX_LENGTH,
  MAPPING_NAME_MAX_LENGTH,
  MAPPING_TYPES,
  TWILIO_ACCOUNT_OWNERS,
  parseContactPoint,
  parseFlowId,
  parseInteractionType,
  parseMappingDescription,
  parseMappingName,
  parseMappingType,
  parseTwilioAccountOwner,
  type InteractionType,
  type MappingType,
  type TwilioAccountOwner,
} from './mapping-fields';
export {
  DispatchMapping,
  type DispatchMappingChanges,
  type DispatchMappingProps,
  type MappingChange,
  type MappingChangeField,
  type NewDispatchMapping,
} from './dispatch-mapping';
export { assertDispatchableFlow } from './flow-check';
export {
  Secret,
  TenantTwilioAccount,
  parseAccountSid,
  parseAuthToken,
  type TwilioCredentials,
} from './twilio-credentials';
export {
  CALL_STATUSES,
  NO_SEQUENCE,
  TERMINAL_CALL_STATUSES,
  applyCallStatus,
  isTerminalCallStatus,
  parseCallStatus,
  parseSequenceNumber,
  type CallProgress,
  type CallStatus,
} from './call-progress';
export type { CallDirection, CallRecord } from './call-record';
export {
  EXPIRY_NOTICE_MAX_AGE_MS,
  chooseAgentNumber,
  chooseNoticeContactPoint,
  considerExpiryNotice,
  type ExpiryNoticeDecision,
  type NoticeCall,
  type NoticeCallOutcome,
} from './expiry-notice';
export { DispatchMappingRepository, type MappingPage } from './ports/dispatch-mapping-repository.port';
export { TwilioAccountRepository } from './ports/twilio-account-repository.port';
export { FlowCatalog, type FlowSummary } from './ports/flow-catalog.port';
export { CallLog } from './ports/call-log.port';
export { NoticeCallRepository } from './ports/notice-call-repository.port';
export {
  SMS_EXTENSION_MS,
  SMS_REMINDER_MINUTES_DEFAULT,
  SMS_REMINDER_MINUTES_MAX,
  SMS_REMINDER_MINUTES_MIN,
  SMS_REPLY_WINDOW_MS,
  backOnlineUntil,
  localClockTime,
  parseSmsReply,
  reminderDueAt,
  smsTexts,
  type SmsKind,
  type SmsReplyIntent,
} from './sms';
