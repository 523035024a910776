import type { ExtensionProps, SkillProps, TimeZone, User, UserStatus } from '@tp/identity-domain';

/** A user as the admin API shows it. Never the PIN or its hash: only whether one is set. */
export interface UserView {
  id: string;
  name: string;
  email: string;
  /** The zone in effect: the user's own, or the tenant default. */
  timeZone: string;
  /** `user` when the user has a zone of their own, `tenant-default` otherwise. */
  timeZoneSource: 'user' | 'tenant-default';
  status: UserStatus;
  hasPin: boolean;
  skills: SkillProps[];
  extensions: ExtensionProps[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function toUserView(user: User, tenantDefault: TimeZone): UserView {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    timeZone: user.effectiveTimeZone(tenantDefault).name,
    timeZoneSource: user.timeZone === null ? 'tenant-default' : 'user',
    status: user.status,
    hasPin: user.hasPin,
    skills: user.skills.toProps(),
    extensions: user.extensions.map((e) => e.toProps()),
    version: user.version,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
