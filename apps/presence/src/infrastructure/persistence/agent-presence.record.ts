import { EntitySchema } from '@mikro-orm/postgresql';
import type { PresenceReason, PresenceState } from '@tp/timed-presence-domain';

/** One agent's current presence (the state of the `AgentPresence` aggregate). */
export class AgentPresenceRecord {
  tenantId!: string;
  agentId!: string;
  state!: PresenceState;
  expiresAt!: Date | null;
  breakEndsAt!: Date | null;
  sequence!: number;
  lastReason!: PresenceReason | null;
  changedAt!: Date | null;
  expiredWhileBusy!: boolean;
}

/** Rows the expiry scheduler may have to act on: the partial index it claims them through. */
export const DUE_PREDICATE = `("state" = 'online' or ("state" = 'busy' and not "expired_while_busy"))`;
/** Agents on a break: the scheduler ends their break at `break_ends_at` (its own partial index). */
export const BREAK_PREDICATE = `"state" = 'on-break'`;

export const AgentPresenceSchema = new EntitySchema<AgentPresenceRecord>({
  class: AgentPresenceRecord,
  tableName: 'agent_presence',
  properties: {
    tenantId: { type: 'string', length: 63, primary: true },
    agentId: { type: 'string', length: 64, primary: true },
    state: { type: 'string', length: 16 },
    expiresAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    breakEndsAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    sequence: { type: 'integer' },
    lastReason: { type: 'string', length: 32, nullable: true },
    changedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
    expiredWhileBusy: { type: 'boolean', default: false },
  },
  indexes: [
    {
      name: 'agent_presence_due_idx',
      expression: `create index "agent_presence_due_idx" on "presence"."agent_presence" ("expires_at") where ${DUE_PREDICATE}`,
    },
    {
      name: 'agent_presence_break_due_idx',
      expression: `create index "agent_presence_break_due_idx" on "presence"."agent_presence" ("break_ends_at") where ${BREAK_PREDICATE}`,
    },
    { name: 'agent_presence_signed_in_idx', properties: ['tenantId', 'state', 'expiresAt'] },
  ],
});
