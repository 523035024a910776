import { z } from 'zod';
import { cloudEventSchema, type EventContract } from '../cloud-event';
import { OFFER_MISS_REASONS } from '../dispatch/dispatch.events.v1';
import { EntityIdSchema, IsoTimestampSchema, TenantIdSchema } from '../identifiers';
import { eventSubject } from '../subjects';
import { SESSION_VIA } from './presence.events.v1';

/** How a session ended: the reason of the agent's `agent-went-offline`. */
export const SESSION_END_REASONS = ['agent-logoff', 'expired', 'unreachable', 'admin'] as const;

/**
 * One timed session of an agent, from going online to going offline: the record presence keeps
 * (`GET /v1/presence/sessions`) and the data of `agent-session-closed`. Durations are whole seconds.
 */
export const AgentSessionDataV1Schema = z.object({
  tenantId: TenantIdSchema,
  agentId: EntityIdSchema,
  sessionId: z.uuid(),
  startedAt: IsoTimestampSchema,
  /** How it was started; null when the login did not say (older clients). */
  via: z.enum(SESSION_VIA).nullable(),
  /** The expiry when it started, and the last expiry set (new hours move it). */
  firstPlannedEndAt: IsoTimestampSchema,
  plannedEndAt: IsoTimestampSchema,
  /** Null while the session is open. */
  endedAt: IsoTimestampSchema.nullable(),
  endReason: z.enum(SESSION_END_REASONS).nullable(),
  breaks: z.object({ count: z.number().int().nonnegative(), seconds: z.number().int().nonnegative() }),
  offers: z.object({
    made: z.number().int().nonnegative(),
    accepted: z.number().int().nonnegative(),
    missed: z.number().int().nonnegative(),
    /** Missed offers per reason (dispatch's `offer-missed` reasons); reasons never seen are left out. */
    missedByReason: z.partialRecord(z.enum(OFFER_MISS_REASONS), z.number().int().positive()),
  }),
  /** Calls the agent was busy with (`call-started`), and their seconds in all. */
  calls: z.number().int().nonnegative(),
  talkSeconds: z.number().int().nonnegative(),
});
export type AgentSessionDataV1 = z.infer<typeof AgentSessionDataV1Schema>;

const CLOSED_TYPE = 'timedpresence.presence.agent-session-closed.v1';

/** A session ended: its whole record, once (a later offer event of it amends the stored record only). */
export const AgentSessionClosedV1: EventContract<AgentSessionDataV1> & { readonly description: string } = {
  type: CLOSED_TYPE,
  version: 1,
  description:
    "An agent's timed session ended (logoff, expiry, unreachable or admin): its record with breaks, offers and talk time.",
  dataSchema: AgentSessionDataV1Schema,
  envelopeSchema: cloudEventSchema(CLOSED_TYPE, AgentSessionDataV1Schema),
  subjectFor: (tenantId: string) => eventSubject('presence', tenantId, 'agent-session-closed', 1),
};
