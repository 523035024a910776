import { EntitySchema } from '@mikro-orm/postgresql';
import type { ExtensionType } from '@tp/identity-domain';
import { UserRecord } from './user.record';

/**
 * One extension of a user. `(tenant_id, number)` is unique: a number (a SIP address, a client
 * identity) belongs to at most one user of a tenant, whatever the race; the same unique index is
 * what the caller lookup (`where tenant_id = ? and number = ?`) uses.
 */
export class UserExtensionRecord {
  id!: string;
  tenantId!: string;
  user!: UserRecord;
  type!: ExtensionType;
  /** E.164 for `pstn`. */
  number!: string;
  ext: string | null = null;
  description: string | null = null;
  /** Order in which the extensions were added. */
  position!: number;
  createdAt!: Date;
}

export const UserExtensionSchema = new EntitySchema<UserExtensionRecord>({
  class: UserExtensionRecord,
  tableName: 'user_extension',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'string', length: 63 },
    user: { kind: 'm:1', entity: () => UserRecord, deleteRule: 'cascade', index: 'user_extension_user_idx' },
    type: { type: 'string', length: 16 },
    number: { type: 'string', length: 255 },
    ext: { type: 'string', length: 10, nullable: true },
    description: { type: 'string', length: 200, nullable: true },
    position: { type: 'integer' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
  uniques: [{ name: 'user_extension_tenant_number_unique', properties: ['tenantId', 'number'] }],
});
