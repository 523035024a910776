import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * An expiry notice call: one per presence event (`event_id` unique), what the agent hears
 * (`steps`, rendered when Twilio fetches the call's URL) and how placing it went.
 */
export class NoticeCallRecord {
  id!: string;
  tenantId!: string;
  agentId!: string;
  eventId!: string;
  mappingId!: string;
  twilioAccount!: string;
  fromNumber!: string;
  toNumber!: string;
  steps!: unknown;
  outcome!: string;
  callSid!: string | null;
  failure!: string | null;
  createdAt!: Date;
}

export const NoticeCallSchema = new EntitySchema<NoticeCallRecord>({
  class: NoticeCallRecord,
  tableName: 'notice_call',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'string', length: 63 },
    agentId: { type: 'string', length: 64 },
    eventId: { type: 'string', length: 64 },
    mappingId: { type: 'uuid' },
    twilioAccount: { type: 'string', length: 16 },
    fromNumber: { type: 'string', length: 16 },
    toNumber: { type: 'string', length: 16 },
    steps: { type: 'json' },
    outcome: { type: 'string', length: 16 },
    callSid: { type: 'string', length: 34, nullable: true },
    failure: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
  },
  uniques: [{ name: 'notice_call_event_id_unique', properties: ['eventId'] }],
});
