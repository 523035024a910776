import { DomainError } from '@tp/ddd';

/** A tenant id or display name that breaks its rule; `field` names it as the admin API does. */
export class TenantFieldInvalid extends DomainError {
  readonly code = 'IDENTITY.TENANT_FIELD_INVALID';
  readonly kind = 'invalid' as const;

  constructor(
    readonly field: 'id' | 'displayName',
    readonly rule: string,
    value: string,
  ) {
    super(`${field} ${rule}`, { field, rule, value });
  }
}

/** No tenant with this id is set up on the platform. */
export class TenantNotFound extends DomainError {
  readonly code = 'IDENTITY.TENANT_NOT_FOUND';
  readonly kind = 'not-found' as const;

  constructor(tenantId: string) {
    super(`tenant '${tenantId}' is not set up on this platform`, { tenantId });
  }
}

/** A tenant with this id exists already (ids are never reused). */
export class TenantExists extends DomainError {
  readonly code = 'IDENTITY.TENANT_EXISTS';
  readonly kind = 'conflict' as const;

  constructor(tenantId: string) {
    super(`tenant '${tenantId}' exists already`, { field: 'id', tenantId });
  }
}
