import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * A flow of a tenant (the `Flow` aggregate without its versions). `name_key` (trimmed, lower-cased
 * name) keeps names unique per tenant; `revision` is the optimistic lock of every write.
 */
export class FlowRecord {
  id!: string;
  tenantId!: string;
  name!: string;
  nameKey!: string;
  type!: string;
  latestVersion!: number;
  publishedVersion!: number | null;
  publishedAt!: Date | null;
  revision!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

export const FlowSchema = new EntitySchema<FlowRecord>({
  class: FlowRecord,
  tableName: 'flow',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'string', length: 63 },
    name: { type: 'string', length: 100 },
    nameKey: { type: 'string', length: 200 },
    type: { type: 'string', length: 32 },
    latestVersion: { type: 'integer' },
    publishedVersion: { type: 'integer', nullable: true },
    publishedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    revision: { type: 'integer' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
  // Also the index of the tenant's list, which is ordered by name.
  uniques: [{ name: 'flow_tenant_name_key_unique', properties: ['tenantId', 'nameKey'] }],
});
