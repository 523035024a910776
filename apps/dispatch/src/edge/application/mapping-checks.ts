import { Injectable } from '@nestjs/common';
import {
  assertDispatchableFlow,
  DispatchMappingRepository,
  FlowCatalog,
  PhoneNumberTaken,
  PlatformTwilioAccountNotConfigured,
  TenantTwilioAccountNotSet,
  TwilioAccountRepository,
  type DispatchMapping,
  type MappingChange,
} from '@tp/dispatch-domain';
import { TwilioCredentialsSource } from '../../common/twilio-credentials.source';
import { ContactPointPolicy } from './contact-points/contact-point.policy';

/**
 * What a mapping must satisfy before it is saved: the Twilio account it relies on exists, the
 * number is the tenant's to map (assigned by the platform operator, or owned by the tenant's own
 * account: {@link ContactPointPolicy}; before anything that would tell of other tenants), it is not
 * mapped elsewhere (any tenant; the unique index settles races), and its flow exists in the tenant
 * and is published (asked of flow-runtime, last).
 */
@Injectable()
export class MappingChecks {
  constructor(
    private readonly mappings: DispatchMappingRepository,
    private readonly accounts: TwilioAccountRepository,
    private readonly credentials: TwilioCredentialsSource,
    private readonly flows: FlowCatalog,
    private readonly contactPoints: ContactPointPolicy,
  ) {}

  async beforeSave(mapping: DispatchMapping, change: MappingChange): Promise<void> {
    if (change.needsPlatformAccount && this.credentials.platform === null)
      throw new PlatformTwilioAccountNotConfigured();
    if (change.needsTenantAccount && (await this.accounts.find(mapping.tenantId)) === null)
      throw new TenantTwilioAccountNotSet();
    if (change.changed.includes('phoneNumber') || change.changed.includes('twilioAccount'))
      await this.contactPoints.assertMayMap(mapping.tenantId, mapping.phoneNumber, mapping.twilioAccount);
    if (change.changed.includes('phoneNumber')) {
      const holder = await this.mappings.findByPhoneNumber(mapping.phoneNumber);
      if (holder && holder.id !== mapping.id) throw new PhoneNumberTaken(mapping.phoneNumber);
    }
    if (change.flowToCheck !== null)
      assertDispatchableFlow(
        change.flowToCheck,
        await this.flows.findFlow(mapping.tenantId, change.flowToCheck),
      );
  }
}
