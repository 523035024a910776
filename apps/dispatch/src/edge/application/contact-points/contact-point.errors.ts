import { DomainError } from '@tp/ddd';

/**
 * Why a tenant may not map a number. The messages name the number and the rule only: whether
 * another tenant holds it is never told.
 */
export class ContactPointNotAssigned extends DomainError {
  readonly code = 'DISPATCH.CONTACT_POINT_NOT_ASSIGNED';
  readonly kind = 'conflict' as const;

  constructor(phoneNumber: string) {
    super(`${phoneNumber} is not assigned to this tenant: ask the platform operator`, {
      field: 'phoneNumber',
      phoneNumber,
    });
  }
}

/** Twilio says the tenant's own account has no such number (IncomingPhoneNumbers). */
export class NumberNotInTenantAccount extends DomainError {
  readonly code = 'DISPATCH.NUMBER_NOT_IN_TWILIO_ACCOUNT';
  readonly kind = 'conflict' as const;

  constructor(phoneNumber: string, accountSid: string) {
    super(`the tenant's Twilio account (${accountSid}) does not own ${phoneNumber}`, {
      field: 'phoneNumber',
      phoneNumber,
    });
  }
}

/** Twilio refused the tenant's own credentials while we asked about a number. */
export class TenantTwilioAccountRefused extends DomainError {
  readonly code = 'DISPATCH.TWILIO_ACCOUNT_REFUSED';
  readonly kind = 'conflict' as const;

  constructor(accountSid: string) {
    super(
      `Twilio refused the tenant's Account SID ${accountSid} and Auth Token: set them again with PUT /v1/twilio-account`,
      { field: 'twilioAccount' },
    );
  }
}

/** Twilio did not answer (in time, or sensibly): nothing was saved. */
export class NumberOwnershipCheckUnavailable extends DomainError {
  readonly code = 'DISPATCH.NUMBER_CHECK_UNAVAILABLE';
  readonly kind = 'unavailable' as const;

  constructor(phoneNumber: string, cause: string) {
    super(
      `could not ask Twilio whether the tenant's account owns ${phoneNumber} (${cause}); nothing was saved, try again`,
      { field: 'phoneNumber', phoneNumber },
    );
  }
}

// ---- The platform operator's assignments --------------------------------------------------------

export class ContactPointAssignedElsewhere extends DomainError {
  readonly code = 'DISPATCH.CONTACT_POINT_ASSIGNED_ELSEWHERE';
  readonly kind = 'conflict' as const;

  constructor(phoneNumber: string, tenantId: string) {
    super(`${phoneNumber} is assigned to tenant ${tenantId}; release it first`, {
      field: 'phoneNumber',
      phoneNumber,
      tenantId,
    });
  }
}

export class ContactPointNotFound extends DomainError {
  readonly code = 'DISPATCH.CONTACT_POINT_NOT_FOUND';
  readonly kind = 'not-found' as const;

  constructor(phoneNumber: string) {
    super(`${phoneNumber} is not assigned to any tenant`, { phoneNumber });
  }
}

export class ContactPointInUse extends DomainError {
  readonly code = 'DISPATCH.CONTACT_POINT_IN_USE';
  readonly kind = 'conflict' as const;

  constructor(phoneNumber: string, tenantId: string) {
    super(
      `tenant ${tenantId} maps ${phoneNumber} on the platform's Twilio account; the tenant must delete or move that mapping first`,
      { phoneNumber, tenantId },
    );
  }
}

export class TenantIdInvalid extends DomainError {
  readonly code = 'DISPATCH.TENANT_ID_INVALID';
  readonly kind = 'invalid' as const;

  constructor() {
    super(
      'the tenant id must be 1 to 63 lower-case letters, digits or dashes, starting with a letter or digit',
      {
        field: 'tenantId',
      },
    );
  }
}
