import { z } from 'zod';
import { EntityIdSchema, IsoTimestampSchema, TenantIdSchema } from '../identifiers';
import { defineRpc } from '../rpc';
import { commandSubject } from '../subjects';
import { PRESENCE_REASONS, PRESENCE_STATES } from './presence.events.v1';

/** An agent's presence as every presence command answers it. */
export const PresenceViewSchema = z.object({
  tenantId: TenantIdSchema,
  agentId: EntityIdSchema,
  state: z.enum(PRESENCE_STATES),
  expiresAt: IsoTimestampSchema.nullable(),
  /** 0 for an agent who never had presence. */
  sequence: z.number().int().nonnegative(),
  reason: z.enum(PRESENCE_REASONS).nullable(),
  changedAt: IsoTimestampSchema.nullable(),
  /** The hours ran out during a call: offline as soon as it ends. */
  expiresWhenCallEnds: z.boolean(),
});
export type PresenceView = z.infer<typeof PresenceViewSchema>;

const AgentRef = { tenantId: TenantIdSchema, agentId: EntityIdSchema };

/**
 * Starts a window from now: for `hours`, or `until` an instant (ISO, "online until 18:30"), exactly
 * one of them; either way at most `maxHours` long (`PRESENCE.HOURS_OUT_OF_RANGE`,
 * `PRESENCE.UNTIL_OUT_OF_RANGE`).
 */
export const GoOnline = defineRpc({
  subject: commandSubject('presence', 'go-online'),
  request: z
    .object({
      ...AgentRef,
      hours: z.number().int().min(1).max(99).optional(),
      /** The end of the window instead of its length: after now, at most `maxHours` away. */
      until: IsoTimestampSchema.optional(),
      /** The tenant's maximum for this login (default 99). */
      maxHours: z.number().int().min(1).max(99).optional(),
      /** Where the login came from, kept in the timed session's history. */
      callSid: z.string().max(64).optional(),
      flowId: z.string().max(64).optional(),
      reason: z.enum(['login', 'admin']).default('login'),
    })
    .refine((r) => (r.hours === undefined) !== (r.until === undefined), {
      message: 'give exactly one of hours and until',
      path: ['hours'],
    }),
  reply: PresenceViewSchema,
});

export const GoOffline = defineRpc({
  subject: commandSubject('presence', 'go-offline'),
  request: z.object({ ...AgentRef, reason: z.enum(['agent-logoff', 'unreachable', 'admin']) }),
  reply: PresenceViewSchema,
});

export const MarkBusy = defineRpc({
  subject: commandSubject('presence', 'mark-busy'),
  request: z.object({ ...AgentRef, callSid: z.string().max(64).optional() }),
  reply: PresenceViewSchema,
});

export const MarkAvailable = defineRpc({
  subject: commandSubject('presence', 'mark-available'),
  request: z.object({ ...AgentRef, callSid: z.string().max(64).optional() }),
  reply: PresenceViewSchema,
});

export const GetPresence = defineRpc({
  subject: commandSubject('presence', 'get-presence'),
  request: z.object(AgentRef),
  reply: PresenceViewSchema,
});

export const PRESENCE_COMMANDS_V1 = [GoOnline, GoOffline, MarkBusy, MarkAvailable, GetPresence] as const;

/** The JetStream key-value bucket with every agent's current presence, keyed `<tenant>.<agent>`. */
export const PRESENCE_KV_BUCKET = 'presence';
export const presenceKvKey = (tenantId: string, agentId: string) => `${tenantId}.${agentId}`;
export const PresenceKvEntrySchema = PresenceViewSchema.omit({ expiresWhenCallEnds: true });
export type PresenceKvEntry = z.infer<typeof PresenceKvEntrySchema>;
