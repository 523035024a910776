import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * A call through dispatch, by Twilio CallSid: tenant, mapping and account (to verify its later
 * webhooks), flow session, and the latest status applied (`status_sequence` -1 until a status
 * callback with a SequenceNumber arrives).
 */
export class CallRecordRow {
  callSid!: string;
  tenantId!: string;
  mappingId!: string | null;
  twilioAccount!: string;
  direction!: string;
  fromNumber!: string;
  toNumber!: string;
  sessionId!: string | null;
  status!: string;
  statusSequence!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

export const CallRecordSchema = new EntitySchema<CallRecordRow>({
  class: CallRecordRow,
  tableName: 'call',
  properties: {
    callSid: { type: 'string', length: 34, primary: true },
    tenantId: { type: 'string', length: 63 },
    mappingId: { type: 'uuid', nullable: true },
    twilioAccount: { type: 'string', length: 16 },
    direction: { type: 'string', length: 16 },
    fromNumber: { type: 'string', length: 128 },
    toNumber: { type: 'string', length: 32 },
    sessionId: { type: 'string', length: 64, nullable: true },
    status: { type: 'string', length: 16 },
    statusSequence: { type: 'integer' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
  indexes: [{ name: 'call_tenant_created_idx', properties: ['tenantId', 'createdAt'] }],
});
