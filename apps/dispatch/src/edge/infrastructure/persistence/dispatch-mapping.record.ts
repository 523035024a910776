import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * One dispatch mapping: a contact point (E.164) to a flow of a tenant. `phone_number` is unique
 * across all tenants (a number rings in one place); `version` is the optimistic lock.
 */
export class DispatchMappingRecord {
  id!: string;
  tenantId!: string;
  name!: string;
  nameKey!: string;
  description!: string | null;
  interactionType!: string;
  mappingType!: string;
  phoneNumber!: string;
  flowId!: string;
  twilioAccount!: string;
  active!: boolean;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

export const DispatchMappingSchema = new EntitySchema<DispatchMappingRecord>({
  class: DispatchMappingRecord,
  tableName: 'dispatch_mapping',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'string', length: 63 },
    name: { type: 'string', length: 100 },
    // Lists sort by name ignoring case.
    nameKey: { type: 'string', length: 200 },
    description: { type: 'text', nullable: true },
    interactionType: { type: 'string', length: 16 },
    mappingType: { type: 'string', length: 32 },
    phoneNumber: { type: 'string', length: 16 },
    flowId: { type: 'string', length: 64 },
    twilioAccount: { type: 'string', length: 16 },
    active: { type: 'boolean' },
    version: { type: 'integer' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
  uniques: [{ name: 'dispatch_mapping_phone_number_unique', properties: ['phoneNumber'] }],
  indexes: [
    { name: 'dispatch_mapping_tenant_name_idx', properties: ['tenantId', 'nameKey', 'id'] },
    { name: 'dispatch_mapping_tenant_flow_idx', properties: ['tenantId', 'flowId'] },
  ],
  checks: [
    {
      name: 'dispatch_mapping_twilio_account_check',
      expression: `twilio_account in ('platform', 'tenant')`,
    },
  ],
});
