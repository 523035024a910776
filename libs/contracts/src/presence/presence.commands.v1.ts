import { z } from 'zod';
import { EntityIdSchema, IsoTimestampSchema, TenantIdSchema } from '../identifiers';
import { defineRpc } from '../rpc';
import { commandSubject } from '../subjects';
import { PRESENCE_REASONS, PRESENCE_STATES, SESSION_VIA } from './presence.events.v1';

/** An agent's presence as every presence command answers it. */
export const PresenceViewSchema = z.object({
  tenantId: TenantIdSchema,
  agentId: EntityIdSchema,
  state: z.enum(PRESENCE_STATES),
  expiresAt: IsoTimestampSchema.nullable(),
  /**
   * When the agent's break ends (ISO); non-null exactly when `state` is `on-break`. Absent (a
   * presence from before the break existed) reads as null.
   */
  breakEndsAt: IsoTimestampSchema.nullable().default(null),
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
      /** How the agent chose the window (the IVR's preset, custom hours or time of day, admin, ...), kept in the session record. */
      via: z.enum(SESSION_VIA).optional(),
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

/**
 * A timed break of an online agent: no calls offered for `minutes`, then online again until the
 * original expiry (offline `expired` when it passed meanwhile). Refused unless online.
 */
export const StartBreak = defineRpc({
  subject: commandSubject('presence', 'start-break'),
  request: z.object({ ...AgentRef, minutes: z.number().int().min(1).max(120) }),
  reply: PresenceViewSchema,
});

export const GetPresence = defineRpc({
  subject: commandSubject('presence', 'get-presence'),
  request: z.object(AgentRef),
  reply: PresenceViewSchema,
});

/**
 * Moves an agent's window to end at `until`, only if it still ends at `ifExpiresAt` (compare and
 * set, so a request delivered twice extends once): `ifExpiresAt` an instant applies to an online or
 * busy agent whose window ends exactly then (state kept, reason `changed`); `ifExpiresAt` null
 * applies to an offline agent, who goes online until `until` (reason `login`). Otherwise nothing
 * changes and the reply is the presence as it is (the caller compares). `until` must be ahead and
 * within 99 hours (`PRESENCE.WINDOW_INVALID`). Dispatch's SMS replies use it.
 */
export const ExtendWindow = defineRpc({
  subject: commandSubject('presence', 'extend-window'),
  request: z.object({
    ...AgentRef,
    until: IsoTimestampSchema,
    ifExpiresAt: IsoTimestampSchema.nullable(),
    /** How the change was asked for; on the event (dispatch's SMS replies send `sms`). */
    via: z.enum(SESSION_VIA).optional(),
  }),
  reply: PresenceViewSchema,
});

export const PRESENCE_COMMANDS_V1 = [
  GoOnline,
  GoOffline,
  MarkBusy,
  MarkAvailable,
  StartBreak,
  GetPresence,
  ExtendWindow,
] as const;

/** The JetStream key-value bucket with every agent's current presence, keyed `<tenant>.<agent>`. */
export const PRESENCE_KV_BUCKET = 'presence';
export const presenceKvKey = (tenantId: string, agentId: string) => `${tenantId}.${agentId}`;
/** `breakEndsAt` reads as null in entries written before the break existed. */
export const PresenceKvEntrySchema = PresenceViewSchema.omit({ expiresWhenCallEnds: true });
export type PresenceKvEntry = z.infer<typeof PresenceKvEntrySchema>;
