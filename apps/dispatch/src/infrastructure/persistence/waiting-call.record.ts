import { ArrayType, EntitySchema } from '@mikro-orm/postgresql';

/**
 * A customer call waiting in its own Twilio queue for an agent (issue #7): who it is (tenant,
 * CallSid, the flow session and the turn that ended in `enqueue`), what it needs (skills,
 * priority, hold steps), until when (`deadline`), and where it is (`status`: waiting, offering,
 * bridged, left, abandoned; `current_offer_id` while offering). Agents who missed it are not
 * offered it again (`missed_agents`).
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
  },
  uniques: [{ name: 'waiting_call_call_turn_unique', properties: ['callSid', 'turn'] }],
  indexes: [
    {
      name: 'waiting_call_waiting_idx',
      expression:
        'create index "waiting_call_waiting_idx" on "dispatch"."waiting_call" ("tenant_id", "priority" desc, "enqueued_at", "id") where "status" in (\'waiting\', \'offering\')',
    },
  ],
});
