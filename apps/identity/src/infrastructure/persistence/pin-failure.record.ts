import { EntitySchema } from '@mikro-orm/postgresql';
import type { PinFailureOutcome } from '@tp/identity-domain';

/**
 * The audit of failed PIN attempts: who, when, from which call and source, and whether the PIN was
 * wrong or the user was locked. Never the PIN. Also what the lockout rule counts. Kept when a user
 * changes (no foreign key), so that the trail outlives what it describes.
 */
export class PinFailureRecord {
  id!: string;
  tenantId!: string;
  userId!: string;
  attemptedAt!: Date;
  outcome!: PinFailureOutcome;
  callSid: string | null = null;
  source!: string;
}

export const PinFailureSchema = new EntitySchema<PinFailureRecord>({
  class: PinFailureRecord,
  tableName: 'pin_failure',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    tenantId: { type: 'string', length: 63 },
    userId: { type: 'uuid' },
    attemptedAt: { type: 'datetime', columnType: 'timestamptz' },
    outcome: { type: 'string', length: 16 },
    callSid: { type: 'string', length: 64, nullable: true },
    source: { type: 'string', length: 32 },
  },
  // The lockout rule: `where tenant_id = ? and user_id = ? and attempted_at >= ?`.
  indexes: [{ name: 'pin_failure_user_time_idx', properties: ['tenantId', 'userId', 'attemptedAt'] }],
});
