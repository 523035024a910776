import { EntitySchema } from '@mikro-orm/postgresql';

/** One login, for history and reporting: from going online to going offline (or a new window). */
export class TimedSessionRecord {
  id!: string;
  tenantId!: string;
  agentId!: string;
  hours!: number;
  /** `login` (the IVR) or `admin`. */
  startReason!: string;
  callSid!: string | null;
  flowId!: string | null;
  startedAt!: Date;
  plannedEndAt!: Date;
  endedAt!: Date | null;
  /** `replaced` (new hours chosen), `agent-logoff`, `expired`, `unreachable` or `admin`. */
  endReason!: string | null;
}

export const TimedSessionSchema = new EntitySchema<TimedSessionRecord>({
  class: TimedSessionRecord,
  tableName: 'timed_session',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'string', length: 63 },
    agentId: { type: 'string', length: 64 },
    hours: { type: 'integer' },
    startReason: { type: 'string', length: 16 },
    callSid: { type: 'string', length: 64, nullable: true },
    flowId: { type: 'string', length: 64, nullable: true },
    startedAt: { type: 'datetime', columnType: 'timestamptz' },
    plannedEndAt: { type: 'datetime', columnType: 'timestamptz' },
    endedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    endReason: { type: 'string', length: 32, nullable: true },
  },
  indexes: [
    { name: 'timed_session_history_idx', properties: ['tenantId', 'agentId', 'startedAt'] },
    {
      name: 'timed_session_open_uq',
      expression:
        'create unique index "timed_session_open_uq" on "presence"."timed_session" ("tenant_id", "agent_id") where "ended_at" is null',
    },
  ],
});
