import type { ExtensionProps } from './extension';
import type { SkillProps } from './skills';

export type UserStatus = 'active' | 'disabled';
export const USER_STATUSES: readonly UserStatus[] = ['active', 'disabled'];

/** What changed in a {@link UserUpdated}. */
export type UserProfileField = 'name' | 'email' | 'time-zone' | 'pin';

/**
 * What every identity event carries: the user, the user's version after the change (one more with
 * every change, so a consumer keeps the highest it applied and drops anything not newer), and when.
 */
interface UserEventBase {
  readonly tenantId: string;
  readonly userId: string;
  readonly version: number;
  readonly occurredAt: string;
}

/** A user was created, with everything it started with. `timeZone` null: the tenant default. */
export interface UserCreated extends UserEventBase {
  readonly type: 'user-created';
  readonly name: string;
  readonly email: string;
  readonly timeZone: string | null;
  readonly status: UserStatus;
  readonly hasPin: boolean;
  readonly skills: readonly SkillProps[];
  readonly extensions: readonly ExtensionProps[];
}

/** The profile of a user changed: name, email, time zone, or whether a PIN is set. */
export interface UserUpdated extends UserEventBase {
  readonly type: 'user-updated';
  readonly changed: readonly UserProfileField[];
  readonly name: string;
  readonly email: string;
  readonly timeZone: string | null;
  readonly hasPin: boolean;
}

/** The skills of a user changed; `skills` is the whole new list. */
export interface UserSkillsChanged extends UserEventBase {
  readonly type: 'user-skills-changed';
  readonly skills: readonly SkillProps[];
}

/** An extension was added or removed; `extensions` is the whole new list. */
export interface UserExtensionsChanged extends UserEventBase {
  readonly type: 'user-extensions-changed';
  readonly extensions: readonly ExtensionProps[];
}

/** A user was disabled (cannot be recognised on a call, nor go online) or enabled again. */
export interface UserStatusChanged extends UserEventBase {
  readonly type: 'user-status-changed';
  readonly status: UserStatus;
}

export type IdentityEvent =
  UserCreated | UserUpdated | UserSkillsChanged | UserExtensionsChanged | UserStatusChanged;
