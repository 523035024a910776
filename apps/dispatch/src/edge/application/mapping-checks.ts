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
import { TwilioCredentialsSource } from '../../shared/twilio-credentials.source';

/**
 * What a mapping must satisfy before it is saved, cheapest first: its number is not mapped
 * elsewhere (any tenant; the unique index settles races), the Twilio account it relies on exists,
 * and its flow exists in the tenant and is published (asked of flow-runtime, last).
 */
@Injectable()
export class MappingChecks {
  constructor(
    private readonly mappings: DispatchMappingRepository,
    private readonly accounts: TwilioAccountRepository,
    private readonly credentials: TwilioCredentialsSource,
    private readonly flows: FlowCatalog,
  ) {}

  async beforeSave(mapping: DispatchMapping, change: MappingChange): Promise<void> {
    if (change.changed.includes('phoneNumber')) {
      const holder = await this.mappings.findByPhoneNumber(mapping.phoneNumber);
      if (holder && holder.id !== mapping.id) throw new PhoneNumberTaken(mapping.phoneNumber);
    }
    if (change.needsPlatformAccount && this.credentials.platform === null)
      throw new PlatformTwilioAccountNotConfigured();
    if (change.needsTenantAccount && (await this.accounts.find(mapping.tenantId)) === null)
      throw new TenantTwilioAccountNotSet();
    if (change.flowToCheck !== null)
      assertDispatchableFlow(
        change.flowToCheck,
        await this.flows.findFlow(mapping.tenantId, change.flowToCheck),
      );
  }
}
