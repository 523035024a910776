import { AggregateRoot } from '@tp/ddd';
import { Extension, EXTENSIONS_PER_USER_MAX, type ExtensionInput, type ExtensionProps } from './extension';
import {
  ExtensionNotFound,
  IdentityFieldInvalid,
  NumberTaken,
  UserLimitReached,
  UserStateInvalid,
} from './identity.errors';
import { USER_STATUSES, type IdentityEvent, type UserProfileField, type UserStatus } from './identity.events';
import { Skills, type SkillProps } from './skills';
import { TimeZone } from './time-zone';

export const USER_NAME_MAX_LENGTH = 200;
export const EMAIL_MAX_LENGTH = 254;

/** Everything a repository stores about one user. */
export interface UserProps {
  readonly tenantId: string;
  readonly id: string;
  readonly name: string;
  /** Lower case. */
  readonly email: string;
  /** An IANA name, or null for the tenant's default time zone. */
  readonly timeZone: string | null;
  readonly status: UserStatus;
  /** An opaque salted hash made by the PinHasher, or null when the user has no PIN. */
  readonly pinHash: string | null;
  readonly skills: readonly SkillProps[];
  readonly extensions: readonly ExtensionProps[];
  /** 1 when created, one more with every change. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What an admin gives to create a user. */
export interface NewUser {
  readonly tenantId: string;
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly timeZone?: string | null;
  readonly skills?: readonly { name: string; proficiency?: number | null }[];
  readonly extensions?: readonly (ExtensionInput & { id: string })[];
}

/** A change of profile; an absent field stays as it is, `timeZone: null` means the tenant default. */
export interface ProfileChange {
  readonly name?: string;
  readonly email?: string;
  readonly timeZone?: string | null;
}

interface UserState {
  readonly tenantId: string;
  readonly id: string;
  name: string;
  email: string;
  timeZone: TimeZone | null;
  status: UserStatus;
  pinHash: string | null;
  skills: Skills;
  extensions: Extension[];
  version: number;
  readonly createdAt: Date;
  updatedAt: Date;
}

/**
 * A user of a tenant: the agent who calls in, recognised by the PSTN numbers of their extensions.
 *
 * Every change that changes something adds one to `version` and records exactly one event, so the
 * version the store holds is `version - peekEvents().length` (optimistic concurrency without extra
 * bookkeeping). A change that changes nothing records nothing.
 */
export class User extends AggregateRoot<IdentityEvent> {
  private constructor(private state: UserState) {
    super();
  }

  /** A new active user without PIN. Checks every field; records `user-created`. */
  static create(input: NewUser, now: Date): User {
    const extensions: Extension[] = [];
    for (const [i, ext] of (input.extensions ?? []).entries()) {
      const extension = withFieldPrefix(`extensions.${i}`, () => Extension.create(ext.id, ext));
      if (extensions.some((e) => e.number === extension.number)) {
        throw new IdentityFieldInvalid(
          `extensions.${i}.number`,
          'repeats a number already in the list',
          ext.number,
        );
      }
      extensions.push(extension);
    }
    if (extensions.length > EXTENSIONS_PER_USER_MAX) {
      throw new UserLimitReached('extensions', EXTENSIONS_PER_USER_MAX);
    }
    const user = new User({
      tenantId: input.tenantId,
      id: input.id,
      name: userName(input.name),
      email: email(input.email),
      timeZone: input.timeZone === undefined || input.timeZone === null ? null : TimeZone.of(input.timeZone),
      status: 'active',
      pinHash: null,
      skills: Skills.of(input.skills ?? []),
      extensions,
      version: 0,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    });
    user.change(now, (base) => ({
      ...base,
      type: 'user-created',
      name: user.state.name,
      email: user.state.email,
      timeZone: user.timeZone,
      status: user.state.status,
      hasPin: false,
      skills: user.state.skills.toProps(),
      extensions: user.extensionProps(),
    }));
    return user;
  }

  /** Rebuilds a stored user; throws {@link UserStateInvalid} when the row breaks a rule. */
  static restore(props: UserProps): User {
    try {
      if (!USER_STATUSES.includes(props.status)) throw new Error(`unknown status ${String(props.status)}`);
      if (!Number.isInteger(props.version) || props.version < 1) throw new Error('version must be >= 1');
      return new User({
        tenantId: props.tenantId,
        id: props.id,
        name: userName(props.name),
        email: email(props.email),
        timeZone: props.timeZone === null ? null : TimeZone.of(props.timeZone),
        status: props.status,
        pinHash: props.pinHash,
        skills: Skills.of(props.skills),
        extensions: props.extensions.map((e) => Extension.restore(e)),
        version: props.version,
        createdAt: new Date(props.createdAt),
        updatedAt: new Date(props.updatedAt),
      });
    } catch (error) {
      throw new UserStateInvalid(props.id, error instanceof Error ? error.message : String(error));
    }
  }

  get tenantId(): string {
    return this.state.tenantId;
  }
  get id(): string {
    return this.state.id;
  }
  get name(): string {
    return this.state.name;
  }
  get email(): string {
    return this.state.email;
  }
  /** The user's own time zone, or null when the tenant default applies. */
  get timeZone(): string | null {
    return this.state.timeZone?.name ?? null;
  }
  get status(): UserStatus {
    return this.state.status;
  }
  get isActive(): boolean {
    return this.state.status === 'active';
  }
  get hasPin(): boolean {
    return this.state.pinHash !== null;
  }
  /** The stored hash, for the PIN check and the repository; never shown. */
  get pinHash(): string | null {
    return this.state.pinHash;
  }
  get skills(): Skills {
    return this.state.skills;
  }
  get extensions(): readonly Extension[] {
    return [...this.state.extensions];
  }
  get version(): number {
    return this.state.version;
  }
  /** The version the store holds (0 for a user not stored yet): the expected version when saving. */
  get storedVersion(): number {
    return this.state.version - this.peekEvents().length;
  }
  get createdAt(): Date {
    return new Date(this.state.createdAt);
  }
  get updatedAt(): Date {
    return new Date(this.state.updatedAt);
  }

  /** The zone to speak local time in: the user's own, or the tenant's default. */
  effectiveTimeZone(tenantDefault: TimeZone): TimeZone {
    return this.state.timeZone ?? tenantDefault;
  }

  /** Changes name, email and/or time zone; records one `user-updated` naming what changed, or nothing. */
  updateProfile(change: ProfileChange, now: Date): void {
    const changed: UserProfileField[] = [];
    const next = { ...this.state };
    if (change.name !== undefined && userName(change.name) !== this.state.name) {
      next.name = userName(change.name);
      changed.push('name');
    }
    if (change.email !== undefined && email(change.email) !== this.state.email) {
      next.email = email(change.email);
      changed.push('email');
    }
    if (change.timeZone !== undefined) {
      const zone = change.timeZone === null ? null : TimeZone.of(change.timeZone);
      if ((zone?.name ?? null) !== this.timeZone) {
        next.timeZone = zone;
        changed.push('time-zone');
      }
    }
    if (changed.length === 0) return;
    this.state = next;
    this.profileChanged(changed, now);
  }

  /** Stores a new PIN hash (a new salt each time, so always a change). */
  setPinHash(hash: string, now: Date): void {
    if (hash.length === 0) throw new IdentityFieldInvalid('pin', 'hash must not be empty');
    this.state.pinHash = hash;
    this.profileChanged(['pin'], now);
  }

  /** Removes the PIN; nothing happens when there is none. */
  clearPin(now: Date): void {
    if (this.state.pinHash === null) return;
    this.state.pinHash = null;
    this.profileChanged(['pin'], now);
  }

  /** A disabled user is not recognised on a call and cannot go online; their numbers stay reserved. */
  disable(now: Date): void {
    this.setStatus('disabled', now);
  }

  enable(now: Date): void {
    this.setStatus('active', now);
  }

  /** Replaces the skills; records `user-skills-changed` unless they are the same. */
  setSkills(skills: Skills, now: Date): void {
    if (skills.equals(this.state.skills)) return;
    this.state.skills = skills;
    this.change(now, (base) => ({ ...base, type: 'user-skills-changed', skills: skills.toProps() }));
  }

  /**
   * Adds an extension. Throws {@link NumberTaken} (naming this user) when the user already has the
   * number, {@link UserLimitReached} past 20. Another user's numbers are the repository's business.
   */
  addExtension(extension: Extension, now: Date): void {
    if (this.state.extensions.some((e) => e.number === extension.number)) {
      throw new NumberTaken(extension.number, { userId: this.id, name: this.name });
    }
    if (this.state.extensions.length >= EXTENSIONS_PER_USER_MAX) {
      throw new UserLimitReached('extensions', EXTENSIONS_PER_USER_MAX);
    }
    this.state.extensions = [...this.state.extensions, extension];
    this.extensionsChanged(now);
  }

  /** Removes an extension by id; throws {@link ExtensionNotFound} when the user has none by that id. */
  removeExtension(extensionId: string, now: Date): void {
    if (!this.state.extensions.some((e) => e.id === extensionId)) {
      throw new ExtensionNotFound(this.id, extensionId);
    }
    this.state.extensions = this.state.extensions.filter((e) => e.id !== extensionId);
    this.extensionsChanged(now);
  }

  /** The stored form. */
  toSnapshot(): UserProps {
    return {
      tenantId: this.state.tenantId,
      id: this.state.id,
      name: this.state.name,
      email: this.state.email,
      timeZone: this.timeZone,
      status: this.state.status,
      pinHash: this.state.pinHash,
      skills: this.state.skills.toProps(),
      extensions: this.extensionProps(),
      version: this.state.version,
      createdAt: new Date(this.state.createdAt),
      updatedAt: new Date(this.state.updatedAt),
    };
  }

  private setStatus(status: UserStatus, now: Date): void {
    if (this.state.status === status) return;
    this.state.status = status;
    this.change(now, (base) => ({ ...base, type: 'user-status-changed', status }));
  }

  private profileChanged(changed: UserProfileField[], now: Date): void {
    this.change(now, (base) => ({
      ...base,
      type: 'user-updated',
      changed,
      name: this.state.name,
      email: this.state.email,
      timeZone: this.timeZone,
      hasPin: this.hasPin,
    }));
  }

  private extensionsChanged(now: Date): void {
    this.change(now, (base) => ({
      ...base,
      type: 'user-extensions-changed',
      extensions: this.extensionProps(),
    }));
  }

  /** The one way state advances: one more version, one event. */
  private change(
    now: Date,
    event: (base: { tenantId: string; userId: string; version: number; occurredAt: string }) => IdentityEvent,
  ): void {
    this.state.version += 1;
    this.state.updatedAt = new Date(now);
    this.record(
      event({
        tenantId: this.state.tenantId,
        userId: this.state.id,
        version: this.state.version,
        occurredAt: now.toISOString(),
      }),
    );
  }

  private extensionProps(): ExtensionProps[] {
    return this.state.extensions.map((e) => e.toProps());
  }
}

function userName(input: string): string {
  const text = input.trim();
  if (text.length === 0 || text.length > USER_NAME_MAX_LENGTH) {
    throw new IdentityFieldInvalid('name', `must be 1 to ${USER_NAME_MAX_LENGTH} characters`, input);
  }
  if (/[\p{Cc}]/u.test(text))
    throw new IdentityFieldInvalid('name', 'must not contain control characters', input);
  return text;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function email(input: string): string {
  const text = input.trim().toLowerCase();
  if (text.length > EMAIL_MAX_LENGTH || !EMAIL.test(text)) {
    throw new IdentityFieldInvalid('email', 'must be an email address such as ann@example.com', input);
  }
  return text;
}

/** Re-throws a field error of a nested value with the path of the list item (`extensions.0.number`). */
function withFieldPrefix<T>(prefix: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    if (error instanceof IdentityFieldInvalid) {
      throw new IdentityFieldInvalid(`${prefix}.${error.field}`, error.rule, error.details.value);
    }
    throw error;
  }
}
