import { DomainError } from '@tp/ddd';

// ---- What a dispatch mapping may hold ----------------------------------------------------------

/** A field of a mapping that breaks its rule; `field` names it, `reason` says why. */
export class MappingFieldInvalid extends DomainError {
  readonly code: string;
  readonly kind = 'invalid' as const;

  constructor(field: MappingField, reason: string) {
    super(`${FIELD_LABELS[field]} ${reason}`, { field, reason });
    this.code = FIELD_CODES[field];
  }
}

export type MappingField =
  'name' | 'description' | 'interactionType' | 'mappingType' | 'phoneNumber' | 'flowId' | 'twilioAccount';

const FIELD_LABELS: Record<MappingField, string> = {
  name: 'the mapping name',
  description: 'the description',
  interactionType: 'the interaction type',
  mappingType: 'the mapping type',
  phoneNumber: 'the phone number',
  flowId: 'the flow id',
  twilioAccount: 'the Twilio account',
};

const FIELD_CODES: Record<MappingField, string> = {
  name: 'DISPATCH.NAME_INVALID',
  description: 'DISPATCH.DESCRIPTION_INVALID',
  interactionType: 'DISPATCH.INTERACTION_TYPE_UNSUPPORTED',
  mappingType: 'DISPATCH.MAPPING_TYPE_UNSUPPORTED',
  phoneNumber: 'DISPATCH.PHONE_NUMBER_INVALID',
  flowId: 'DISPATCH.FLOW_ID_INVALID',
  twilioAccount: 'DISPATCH.TWILIO_ACCOUNT_INVALID',
};

// ---- Mappings ----------------------------------------------------------------------------------

export class MappingNotFound extends DomainError {
  readonly code = 'DISPATCH.MAPPING_NOT_FOUND';
  readonly kind = 'not-found' as const;

  constructor(mappingId: string) {
    super(`dispatch mapping ${mappingId} not found`, { mappingId });
  }
}

/**
 * The number is mapped already, in this tenant or in another. The message and details name the
 * number only: whether (and by whom) another tenant holds it is not told.
 */
export class PhoneNumberTaken extends DomainError {
  readonly code = 'DISPATCH.PHONE_NUMBER_TAKEN';
  readonly kind = 'conflict' as const;

  constructor(phoneNumber: string) {
    super(`the phone number ${phoneNumber} is already mapped; a number dispatches to one flow only`, {
      phoneNumber,
    });
  }
}

export class MappingChangedConcurrently extends DomainError {
  readonly code = 'DISPATCH.MAPPING_CHANGED_CONCURRENTLY';
  readonly kind = 'conflict' as const;

  constructor(mappingId: string, expectedVersion: number) {
    super(`dispatch mapping ${mappingId} was changed by someone else meanwhile; read it again`, {
      mappingId,
      expectedVersion,
    });
  }
}

export class MappingVersionMismatch extends DomainError {
  readonly code = 'DISPATCH.MAPPING_VERSION_MISMATCH';
  readonly kind = 'conflict' as const;

  constructor(mappingId: string, expectedVersion: number, actualVersion: number) {
    super(
      `dispatch mapping ${mappingId} is at version ${actualVersion}, not ${expectedVersion}; read it again`,
      { mappingId, expectedVersion, actualVersion },
    );
  }
}

// ---- The flow a mapping dispatches to ----------------------------------------------------------

/** No such flow in the tenant (another tenant's flow is not found either). */
export class FlowNotFound extends DomainError {
  readonly code = 'DISPATCH.FLOW_NOT_FOUND';
  readonly kind = 'invalid' as const;

  constructor(flowId: string) {
    super(`flow ${flowId} does not exist in this tenant`, { field: 'flowId', flowId });
  }
}

export class FlowNotPublished extends DomainError {
  readonly code = 'DISPATCH.FLOW_NOT_PUBLISHED';
  readonly kind = 'conflict' as const;

  constructor(flowId: string, name: string) {
    super(`flow "${name}" (${flowId}) has no published version; publish it first`, { flowId, name });
  }
}

/** flow-runtime did not answer (in time, or within its contract): nothing was saved. */
export class FlowCheckUnavailable extends DomainError {
  readonly code = 'DISPATCH.FLOW_CHECK_UNAVAILABLE';
  readonly kind = 'unavailable' as const;

  constructor(flowId: string, cause: string) {
    super(`could not check flow ${flowId} (${cause}); nothing was saved, try again`, { flowId });
  }
}

// ---- Twilio accounts ---------------------------------------------------------------------------

export class TwilioCredentialsInvalid extends DomainError {
  readonly code = 'DISPATCH.TWILIO_CREDENTIALS_INVALID';
  readonly kind = 'invalid' as const;

  /** The value itself is never echoed: it may be a secret. */
  constructor(field: 'accountSid' | 'authToken', reason: string) {
    super(`the ${field === 'accountSid' ? 'Account SID' : 'Auth Token'} ${reason}`, { field, reason });
  }
}

/** A mapping asks for the tenant's own Twilio account, but the tenant has not set one. */
export class TenantTwilioAccountNotSet extends DomainError {
  readonly code = 'DISPATCH.TWILIO_ACCOUNT_NOT_SET';
  readonly kind = 'conflict' as const;

  constructor() {
    super(`the tenant has no Twilio account of its own: set it with PUT /v1/twilio-account first`, {
      field: 'twilioAccount',
    });
  }
}

/** This installation has no platform Twilio account (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN). */
export class PlatformTwilioAccountNotConfigured extends DomainError {
  readonly code = 'DISPATCH.PLATFORM_ACCOUNT_NOT_CONFIGURED';
  readonly kind = 'conflict' as const;

  constructor() {
    super(
      `this installation has no platform Twilio account: map the number with twilioAccount "tenant" after setting your own account`,
      { field: 'twilioAccount' },
    );
  }
}

/** The tenant's own account cannot be removed while mappings use it. */
export class TenantTwilioAccountInUse extends DomainError {
  readonly code = 'DISPATCH.TWILIO_ACCOUNT_IN_USE';
  readonly kind = 'conflict' as const;

  constructor(mappings: number) {
    super(`${mappings} dispatch mapping(s) use the tenant's Twilio account; move or delete them first`, {
      mappings,
    });
  }
}
