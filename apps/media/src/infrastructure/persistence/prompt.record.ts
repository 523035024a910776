import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * One prompt of one tenant. Text-to-speech and audio share the table: `kind` says which columns
 * are set, and a check constraint keeps it so. `name_key` (lower-cased, trimmed name) makes names
 * unique per tenant; `version` is the optimistic lock, compared on every update and delete.
 */
export class PromptRecord {
  id!: string;
  tenantId!: string;
  name!: string;
  nameKey!: string;
  role!: string | null;
  kind!: 'tts' | 'audio';
  text!: string | null;
  voice!: string | null;
  language!: string | null;
  audioUrl!: string | null;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

export const PromptSchema = new EntitySchema<PromptRecord>({
  class: PromptRecord,
  tableName: 'prompt',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'string', length: 63 },
    name: { type: 'string', length: 100 },
    // Lower-casing can lengthen a name a little ('İ' becomes two code points).
    nameKey: { type: 'string', length: 200 },
    role: { type: 'string', length: 32, nullable: true },
    kind: { type: 'string', length: 8 },
    text: { type: 'text', nullable: true },
    voice: { type: 'string', length: 128, nullable: true },
    language: { type: 'string', length: 35, nullable: true },
    audioUrl: { type: 'text', nullable: true },
    version: { type: 'integer' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
  uniques: [{ name: 'prompt_tenant_name_key_unique', properties: ['tenantId', 'nameKey'] }],
  // Lists filter by role within a tenant; the unique index above serves the name order.
  indexes: [{ name: 'prompt_tenant_role_idx', properties: ['tenantId', 'role'] }],
  checks: [
    {
      name: 'prompt_content_check',
      expression: `(kind = 'tts' and text is not null and voice is not null and language is not null and audio_url is null) or (kind = 'audio' and audio_url is not null and text is null and voice is null and language is null)`,
    },
  ],
});
