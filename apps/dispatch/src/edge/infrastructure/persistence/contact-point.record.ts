import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * A number on the platform's Twilio account, assigned to one tenant by the platform operator
 * (`assigned_by`: the subject of their credential). Only that tenant may map it there.
 */
export class ContactPointRecord {
  phoneNumber!: string;
  tenantId!: string;
  assignedAt!: Date;
  assignedBy!: string;
}

export const ContactPointSchema = new EntitySchema<ContactPointRecord>({
  class: ContactPointRecord,
  tableName: 'contact_point',
  properties: {
    phoneNumber: { type: 'string', length: 16, primary: true },
    tenantId: { type: 'string', length: 63 },
    assignedAt: { type: 'datetime', columnType: 'timestamptz' },
    assignedBy: { type: 'string', length: 200 },
  },
  indexes: [{ name: 'contact_point_tenant_idx', properties: ['tenantId', 'phoneNumber'] }],
});
