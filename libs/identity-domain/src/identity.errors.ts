import { DomainError } from '@tp/ddd';

// ---- Values an admin types ---------------------------------------------------------------------

/**
 * A field of a user or of an extension that breaks its rule. `field` names it as the admin API
 * does (`name`, `email`, `timeZone`, `skills`, `number`, `ext`, ...), `rule` says why. The rejected
 * value is included, except for secrets.
 */
export class IdentityFieldInvalid extends DomainError {
  readonly code = 'IDENTITY.FIELD_INVALID';
  readonly kind = 'invalid' as const;

  constructor(
    readonly field: string,
    readonly rule: string,
    value?: unknown,
  ) {
    super(`${field} ${rule}`, value === undefined ? { field, rule } : { field, rule, value });
  }
}

/** A PIN that is not 4 to 8 digits. The PIN itself is never part of the error. */
export class PinInvalid extends DomainError {
  readonly code = 'IDENTITY.PIN_INVALID';
  readonly kind = 'invalid' as const;

  constructor() {
    super('pin must be 4 to 8 digits', { field: 'pin', rule: 'must be 4 to 8 digits' });
  }
}

// ---- Users -------------------------------------------------------------------------------------

/** No such user in the tenant (also what another tenant's user id looks like). */
export class UserNotFound extends DomainError {
  readonly code = 'IDENTITY.USER_NOT_FOUND';
  readonly kind = 'not-found' as const;

  constructor(userId: string) {
    super(`no user ${userId}`, { userId });
  }
}

/** The user has no extension with this id. */
export class ExtensionNotFound extends DomainError {
  readonly code = 'IDENTITY.EXTENSION_NOT_FOUND';
  readonly kind = 'not-found' as const;

  constructor(userId: string, extensionId: string) {
    super(`user ${userId} has no extension ${extensionId}`, { userId, extensionId });
  }
}

/** A number (or SIP address, or client identity) already belongs to a user of the tenant. */
export class NumberTaken extends DomainError {
  readonly code = 'IDENTITY.NUMBER_TAKEN';
  readonly kind = 'conflict' as const;

  constructor(number: string, owner: { userId: string; name: string }) {
    super(`${number} already belongs to ${owner.name} (user ${owner.userId})`, {
      field: 'number',
      number,
      ownerUserId: owner.userId,
      ownerName: owner.name,
    });
  }
}

/** Another user of the tenant already has this email address. */
export class EmailTaken extends DomainError {
  readonly code = 'IDENTITY.EMAIL_TAKEN';
  readonly kind = 'conflict' as const;

  constructor(email: string, owner: { userId: string; name: string }) {
    super(`${email} is already the email of ${owner.name} (user ${owner.userId})`, {
      field: 'email',
      email,
      ownerUserId: owner.userId,
      ownerName: owner.name,
    });
  }
}

/** A user may have a limited number of extensions or skills. */
export class UserLimitReached extends DomainError {
  readonly code = 'IDENTITY.LIMIT_REACHED';
  readonly kind = 'invalid' as const;

  constructor(field: 'extensions' | 'skills', limit: number) {
    super(`a user has at most ${limit} ${field}`, { field, limit });
  }
}

/** The user changed since it was read (another admin, another replica): read again and retry. */
export class UserChangedConcurrently extends DomainError {
  readonly code = 'IDENTITY.CONCURRENT_CHANGE';
  readonly kind = 'conflict' as const;

  constructor(userId: string) {
    super(`user ${userId} was changed by someone else meanwhile; read it again and retry`, { userId });
  }
}

/** A PIN check for a user who has no PIN. */
export class PinNotSet extends DomainError {
  readonly code = 'IDENTITY.PIN_NOT_SET';
  readonly kind = 'conflict' as const;

  constructor(userId: string) {
    super(`user ${userId} has no PIN`, { userId });
  }
}

/** A stored user that breaks an invariant. */
export class UserStateInvalid extends DomainError {
  readonly code = 'IDENTITY.STATE_INVALID';
  readonly kind = 'invalid' as const;

  constructor(userId: string, problem: string) {
    super(`stored user ${userId} is invalid: ${problem}`, { userId, problem });
  }
}
