import { ArrayType, Collection, EntitySchema } from '@mikro-orm/postgresql';
import type { SkillProps } from '@tp/identity-domain';
import { UserExtensionRecord } from './user-extension.record';

/** One user of a tenant (table `user_account`: `user` is a reserved word in SQL). */
export class UserRecord {
  id!: string;
  tenantId!: string;
  name!: string;
  /** Lower case; unique per tenant. */
  email!: string;
  /** Null: the tenant's default time zone applies. */
  timeZone: string | null = null;
  status!: 'active' | 'disabled';
  /** Salted scrypt hash; never leaves the service. */
  pinHash: string | null = null;
  /** The skills as the admin typed them. */
  skills!: SkillProps[];
  /** Lower-case skill names: what the `skill` filter of the listing reads (GIN index). */
  skillKeys!: string[];
  /** Optimistic concurrency: one more with every change; events carry it. */
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
  extensions = new Collection<UserExtensionRecord>(this);
}

export const UserSchema = new EntitySchema<UserRecord>({
  class: UserRecord,
  tableName: 'user_account',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'string', length: 63 },
    name: { type: 'string', length: 200 },
    email: { type: 'string', length: 254 },
    timeZone: { type: 'string', length: 64, nullable: true },
    status: { type: 'string', length: 16 },
    pinHash: { type: 'string', length: 255, nullable: true },
    skills: { type: 'json' },
    skillKeys: { type: ArrayType, columnType: 'text[]' },
    version: { type: 'integer' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
    extensions: {
      kind: '1:m',
      entity: () => UserExtensionRecord,
      mappedBy: 'user',
      orderBy: { position: 'asc' },
    },
  },
  uniques: [{ name: 'user_account_tenant_email_unique', properties: ['tenantId', 'email'] }],
  indexes: [
    // Listing: `where tenant_id = ? and (created_at, id) > (?, ?) order by created_at, id`.
    { name: 'user_account_tenant_created_idx', properties: ['tenantId', 'createdAt', 'id'] },
    // The `skill` filter: `skill_keys @> array[?]`.
    { name: 'user_account_skill_keys_idx', properties: ['skillKeys'], type: 'gin' },
  ],
});
