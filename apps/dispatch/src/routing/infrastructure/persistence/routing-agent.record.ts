import { ArrayType, EntitySchema } from '@mikro-orm/postgresql';

/**
 * Routing's read model of one agent: presence (state, expiry, sequence, idle start) and
 * identity (skills, status, each with the version applied), kept by two durable consumers, and the
 * reservation of choose-and-reserve. Skill names are stored normalised (lower case).
 */
export class RoutingAgentRow {
  tenantId!: string;
  agentId!: string;
  state!: string;
  expiresAt!: Date | null;
  presenceSequence!: number;
  skills!: string[];
  skillsVersion!: number;
  status!: string;
  statusVersion!: number;
  idleSince!: Date | null;
  reservedUntil!: Date | null;
  reservationId!: string | null;
  reservationCall!: string | null;
  consecutiveMisses!: number;
  updatedAt!: Date;
}

export const RoutingAgentSchema = new EntitySchema<RoutingAgentRow>({
  class: RoutingAgentRow,
  tableName: 'routing_agent',
  properties: {
    tenantId: { type: 'string', length: 63, primary: true },
    agentId: { type: 'string', length: 64, primary: true },
    state: { type: 'string', length: 16 },
    expiresAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    presenceSequence: { type: 'integer' },
    skills: { type: ArrayType, columnType: 'text[]' },
    skillsVersion: { type: 'integer' },
    status: { type: 'string', length: 16 },
    statusVersion: { type: 'integer' },
    idleSince: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    reservedUntil: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    reservationId: { type: 'uuid', nullable: true },
    reservationCall: { type: 'string', length: 64, nullable: true },
    consecutiveMisses: { type: 'integer', default: 0 },
    updatedAt: { type: 'datetime', columnType: 'timestamptz' },
  },
  indexes: [
    {
      name: 'routing_agent_skills_gin',
      expression:
        'create index "routing_agent_skills_gin" on "dispatch"."routing_agent" using gin ("skills")',
    },
    {
      name: 'routing_agent_online_idle_idx',
      expression:
        'create index "routing_agent_online_idle_idx" on "dispatch"."routing_agent" ("tenant_id", "idle_since", "agent_id") where "state" = \'online\'',
    },
    {
      // The routing ticker asks whether anyone is to be settled as unreachable (ADR 25).
      name: 'routing_agent_missed_idx',
      expression:
        'create index "routing_agent_missed_idx" on "dispatch"."routing_agent" ("consecutive_misses") where "consecutive_misses" > 0',
    },
  ],
});
