import { EntitySchema } from '@mikro-orm/postgresql';

/**
 * One offer of a waiting call to one agent: the reservation that holds the agent, the
 * agent leg placed through Twilio's REST API and its latest status (by `SequenceNumber`), the
 * offer's status (placing, ringing, accepted, missed, ended) and, once the bridged call ended, when
 * the agent's wrap-up ends (`wrap_up_until`, swept by the routing tick; `freed_at` once presence
 * was told).
 */
export class OfferRow {
  id!: string;
  tenantId!: string;
  waitingCallId!: string;
  agentId!: string;
  reservationId!: string;
  attempt!: number;
  status!: string;
  twilioAccount!: string;
  agentNumber!: string | null;
  agentCallSid!: string | null;
  legStatus!: string | null;
  legSequence!: number;
  missReason!: string | null;
  holdUntil!: Date;
  createdAt!: Date;
  updatedAt!: Date;
  acceptedAt!: Date | null;
  endedAt!: Date | null;
  wrapUpUntil!: Date | null;
  freedAt!: Date | null;
}

export const OfferSchema = new EntitySchema<OfferRow>({
  class: OfferRow,
  tableName: 'offer',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'string', length: 63 },
    waitingCallId: { type: 'uuid' },
    agentId: { type: 'string', length: 64 },
    reservationId: { type: 'uuid' },
    attempt: { type: 'integer' },
    status: { type: 'string', length: 16 },
    twilioAccount: { type: 'string', length: 16 },
    agentNumber: { type: 'string', length: 32, nullable: true },
    agentCallSid: { type: 'string', length: 64, nullable: true },
    legStatus: { type: 'string', length: 16, nullable: true },
    legSequence: { type: 'integer' },
    missReason: { type: 'string', length: 16, nullable: true },
    holdUntil: { type: 'datetime', columnType: 'timestamptz' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
    acceptedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    endedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    wrapUpUntil: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    freedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
  indexes: [
    { name: 'offer_waiting_call_idx', properties: ['waitingCallId'] },
    {
      name: 'offer_open_idx',
      expression:
        'create index "offer_open_idx" on "dispatch"."offer" ("hold_until") where "status" in (\'placing\', \'ringing\')',
    },
    {
      name: 'offer_wrap_up_idx',
      expression:
        'create index "offer_wrap_up_idx" on "dispatch"."offer" ("wrap_up_until") where "wrap_up_until" is not null and "freed_at" is null',
    },
  ],
});
