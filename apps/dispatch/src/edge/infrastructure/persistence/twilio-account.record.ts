import { EntitySchema } from '@mikro-orm/postgresql';

/** A tenant's own Twilio account; the Auth Token sealed with AES-256-GCM, never stored plain. */
export class TwilioAccountRecord {
  tenantId!: string;
  accountSid!: string;
  authTokenSealed!: string;
  updatedAt!: Date;
}

export const TwilioAccountSchema = new EntitySchema<TwilioAccountRecord>({
  class: TwilioAccountRecord,
  tableName: 'twilio_account',
  properties: {
    tenantId: { type: 'string', length: 63, primary: true },
    accountSid: { type: 'string', length: 34 },
    authTokenSealed: { type: 'text' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
  indexes: [{ name: 'twilio_account_account_sid_idx', properties: ['accountSid'] }],
});
