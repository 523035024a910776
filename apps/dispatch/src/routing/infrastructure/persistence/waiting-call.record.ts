import { ArrayType, EntitySchema } from '@mikro-orm/postgresql';

/**
 * A customer call waiting in its own Twilio queue for an agent: who it is (tenant,
 * CallSid, the flow session and the turn that ended in `enqueue`), what it needs (skills,
 * priority, hold steps), until when (`deadline`), and where it is (`status`: waiting, offering,
 * bridged, left, abandoned; `current_offer_id` while offering). Agents who missed it are not
 * offered it again (`missed_agents`). At the maximum wait dispatch takes the caller out of the
 * Twilio queue itself (ADR 14): `queue_sid` (from the wait URL) names the queue, `dequeue_status`
 * (pending, done, gave-up), `dequeue_attempts` and `dequeue_at` (when the next request may be made:
 * a lease while one replica asks Twilio, now after a failure) drive the REST request.
 */
export class WaitingCallRow {
  id!: string;
  tenantId!: string;
  callSid!: string;
  sessionId!: string;
  turn!: number;
  twilioAccount!: string;
  contactPoint!: string;
  queueNodeId!: string;
  queueName!: string;
  requiredSkills!: string[];
  priority!: number;
  hold!: unknown;
  enqueuedAt!: Date;
  deadline!: Date;
  status!: string;
  currentOfferId!: string | null;
  missedAgents!: string[];
  endedAt!: Date | null;
  updatedAt!: Date;
  queueSid!: string | null;
  dequeueStatus!: string | null;
  dequeueAttempts!: number;
  dequeueAt!: Date | null;
}

export const WaitingCallSchema = new EntitySchema<WaitingCallRow>({
  class: WaitingCallRow,
  tableName: 'waiting_call',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'string', length: 63 },
    callSid: { type: 'string', length: 64 },
    sessionId: { type: 'string', length: 64 },
    turn: { type: 'integer' },
    twilioAccount: { type: 'string', length: 16 },
    contactPoint: { type: 'string', length: 32 },
    queueNodeId: { type: 'string', length: 64 },
    queueName: { type: 'string', length: 64 },
    requiredSkills: { type: ArrayType, columnType: 'text[]' },
    priority: { type: 'integer' },
    hold: { type: 'json', columnType: 'jsonb' },
    enqueuedAt: { type: 'datetime', columnType: 'timestamptz' },
    deadline: { type: 'datetime', columnType: 'timestamptz' },
    status: { type: 'string', length: 16 },
    currentOfferId: { type: 'uuid', nullable: true },
    missedAgents: { type: ArrayType, columnType: 'text[]' },
    endedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
    queueSid: { type: 'string', length: 64, nullable: true },
    dequeueStatus: { type: 'string', length: 16, nullable: true },
    dequeueAttempts: { type: 'integer', default: 0 },
    dequeueAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
  uniques: [{ name: 'waiting_call_call_turn_unique', properties: ['callSid', 'turn'] }],
  indexes: [
    {
      name: 'waiting_call_waiting_idx',
      expression:
        'create index "waiting_call_waiting_idx" on "dispatch"."waiting_call" ("tenant_id", "priority" desc, "enqueued_at", "id") where "status" in (\'waiting\', \'offering\')',
    },
    {
      name: 'waiting_call_deadline_idx',
      expression:
        'create index "waiting_call_deadline_idx" on "dispatch"."waiting_call" ("deadline") where "status" in (\'waiting\', \'offering\')',
    },
    {
      name: 'waiting_call_dequeue_idx',
      expression:
        'create index "waiting_call_dequeue_idx" on "dispatch"."waiting_call" ("dequeue_at") where "dequeue_status" = \'pending\'',
    },
  ],
});
