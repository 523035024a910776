import { Injectable } from '@nestjs/common';
import { TenantTwilioAccountNotSet, type TwilioAccountOwner } from '@tp/dispatch-domain';
import { TwilioCredentialsSource } from '../../../common/twilio-credentials.source';
import { ContactPointAssignments } from '../ports/contact-point-assignments.port';
import {
  OwnedNumbers,
  OwnedNumbersCredentialsRefused,
  OwnedNumbersUnavailable,
} from '../ports/owned-numbers.port';
import {
  ContactPointNotAssigned,
  NumberNotInTenantAccount,
  NumberOwnershipCheckUnavailable,
  TenantTwilioAccountRefused,
} from './contact-point.errors';

/**
 * May a tenant map this number? On the platform's Twilio account only a number the platform
 * operator assigned to the tenant; on the tenant's own account only a number that account owns,
 * as Twilio says (asked each time: numbers move between accounts).
 */
@Injectable()
export class ContactPointPolicy {
  constructor(
    private readonly assignments: ContactPointAssignments,
    private readonly credentials: TwilioCredentialsSource,
    private readonly numbers: OwnedNumbers,
  ) {}

  async assertMayMap(tenantId: string, phoneNumber: string, owner: TwilioAccountOwner): Promise<void> {
    if (owner === 'platform') {
      const assignment = await this.assignments.find(phoneNumber);
      if (assignment?.tenantId !== tenantId) throw new ContactPointNotAssigned(phoneNumber);
      return;
    }
    const credentials = await this.credentials.forOwner('tenant', tenantId);
    if (credentials === null) throw new TenantTwilioAccountNotSet();
    let owned: boolean;
    try {
      owned = await this.numbers.owns(credentials, phoneNumber);
    } catch (error) {
      if (error instanceof OwnedNumbersCredentialsRefused)
        throw new TenantTwilioAccountRefused(credentials.accountSid);
      if (error instanceof OwnedNumbersUnavailable)
        throw new NumberOwnershipCheckUnavailable(phoneNumber, error.reason);
      throw error;
    }
    if (!owned) throw new NumberNotInTenantAccount(phoneNumber, credentials.accountSid);
  }
}
