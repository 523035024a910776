import { DomainError } from '@tp/ddd';

/** The sender number is not an active contact point (mapping) of the tenant: 409. */
export class SmsSenderNotMapped extends DomainError {
  readonly code = 'DISPATCH.SMS_SENDER_NOT_MAPPED';
  readonly kind = 'conflict' as const;

  constructor(phoneNumber: string) {
    super(`${phoneNumber} is not an active contact point of this tenant: map it first`, {
      field: 'senderNumber',
    });
  }
}

/** SMS switched on without a sender number: 400. */
export class SmsSenderRequired extends DomainError {
  readonly code = 'DISPATCH.SMS_SENDER_REQUIRED';
  readonly kind = 'invalid' as const;

  constructor() {
    super('senderNumber is required to switch SMS on', {
      field: 'senderNumber',
      reason: 'is required when enabled',
    });
  }
}
