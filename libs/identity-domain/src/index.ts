export {
  EXTENSION_DESCRIPTION_MAX_LENGTH,
  EXTENSION_EXT_MAX_DIGITS,
  EXTENSION_TYPES,
  EXTENSIONS_PER_USER_MAX,
  Extension,
  type ExtensionInput,
  type ExtensionProps,
  type ExtensionType,
} from './extension';
export {
  EmailTaken,
  ExtensionNotFound,
  IdentityFieldInvalid,
  NumberTaken,
  PinInvalid,
  PinNotSet,
  UserChangedConcurrently,
  UserLimitReached,
  UserNotFound,
  UserStateInvalid,
} from './identity.errors';
export {
  USER_STATUSES,
  type IdentityEvent,
  type UserCreated,
  type UserExtensionsChanged,
  type UserProfileField,
  type UserSkillsChanged,
  type UserStatus,
  type UserStatusChanged,
  type UserUpdated,
} from './identity.events';
export { PIN_MAX_DIGITS, PIN_MIN_DIGITS, Pin } from './pin';
export { PinLockoutPolicy } from './pin-lockout';
export { CallerDirectory, type CallerProfile } from './ports/caller-directory.port';
export { PinFailureLog, type PinFailure, type PinFailureOutcome } from './ports/pin-failure-log.port';
export { PinHasher } from './ports/pin-hasher.port';
export {
  UserRepository,
  type Holder,
  type UserListCriteria,
  type UserPage,
  type UserPageKey,
} from './ports/user-repository.port';
export {
  PROFICIENCY_MAX,
  PROFICIENCY_MIN,
  SKILL_NAME_MAX_LENGTH,
  SKILLS_PER_USER_MAX,
  Skill,
  Skills,
  skillKey,
  type SkillProps,
} from './skills';
export { TENANT_DISPLAY_NAME_MAX_LENGTH, TENANT_ID_PATTERN, Tenant, type TenantProps } from './tenant';
export { TenantExists, TenantFieldInvalid, TenantNotFound } from './tenant.errors';
export { TenantRepository } from './ports/tenant-repository.port';
export { TimeZone } from './time-zone';
export {
  EMAIL_MAX_LENGTH,
  USER_NAME_MAX_LENGTH,
  User,
  type NewUser,
  type ProfileChange,
  type UserProps,
} from './user';
