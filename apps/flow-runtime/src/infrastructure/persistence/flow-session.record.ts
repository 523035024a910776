import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * One call's session of a flow: what it runs (`activity`), the IVR snapshot between webhooks (no PIN
 * in it) or the Queue a customer's caller waits in (`waiting_at`), the current turn
 * and every reply given (a retried webhook gets the stored one). One per call and tenant; the row
 * is locked while a turn is worked out, so two replicas never advance it twice.
 */
export class FlowSessionRecord {
  id!: string;
  tenantId!: string;
  flowId!: string;
  flowVersion!: number;
  callSid!: string;
  callerUserId!: string | null;
  activity!: string;
  ivr!: unknown;
  waitingAt!: string | null;
  turn!: number;
  replies!: unknown;
  status!: string;
  outcome!: string | null;
  createdAt!: Date;
  updatedAt!: Date;
}

export const FlowSessionSchema = new EntitySchema<FlowSessionRecord>({
  class: FlowSessionRecord,
  tableName: 'flow_session',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'string', length: 63 },
    flowId: { type: 'uuid' },
    flowVersion: { type: 'integer' },
    callSid: { type: 'string', length: 64 },
    callerUserId: { type: 'string', length: 64, nullable: true },
    activity: { type: 'string', length: 32, default: 'timed-presence' },
    ivr: { type: 'json', columnType: 'jsonb', nullable: true },
    waitingAt: { type: 'string', length: 64, nullable: true },
    turn: { type: 'integer' },
    replies: { type: 'json', columnType: 'jsonb' },
    status: { type: 'string', length: 16 },
    outcome: { type: 'string', length: 32, nullable: true },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
  uniques: [{ name: 'flow_session_tenant_call_sid_unique', properties: ['tenantId', 'callSid'] }],
  indexes: [{ name: 'flow_session_created_at_idx', properties: ['createdAt'] }],
});
