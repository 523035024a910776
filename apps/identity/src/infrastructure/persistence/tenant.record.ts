import { EntitySchema } from '@mikro-orm/postgresql';

/** A tenant of the platform: its id (a slug, also in every credential and subject) and display name. */
export class TenantRecord {
  id!: string;
  displayName!: string;
  createdAt!: Date;
}

export const TenantSchema = new EntitySchema<TenantRecord>({
  class: TenantRecord,
  tableName: 'tenant',
  properties: {
    id: { type: 'string', length: 63, primary: true },
    displayName: { type: 'string', length: 100 },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
});
