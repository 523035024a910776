import { z } from 'zod';
import { cloudEventSchema, type EventContract } from '../cloud-event';
import { EntityIdSchema, IsoTimestampSchema, TenantIdSchema } from '../identifiers';
import { eventSubject } from '../subjects';

export const PRESENCE_STATES = ['offline', 'online', 'busy', 'on-break'] as const;
export const PRESENCE_REASONS = [
  'login',
  'changed',
  'agent-logoff',
  'expired',
  'unreachable',
  'admin',
  'call-started',
  'call-ended',
  'break-started',
  'break-ended',
] as const;

/**
 * How a timed session was started: an IVR preset, custom hours or an until-time entry, an SMS
 * reply, or an admin. Optional on events (older events have none).
 */
export const SESSION_VIA = ['ivr-preset', 'ivr-custom-hours', 'ivr-until-time', 'sms', 'admin'] as const;
export type SessionViaV1 = (typeof SESSION_VIA)[number];

/**
 * The data of every presence event, v1. `sequence` grows by one with each change of one agent,
 * so a consumer keeps the highest it has applied and drops anything not newer. `breakEndsAt` is set
 * exactly when the state is `on-break` (the expiry stays the original one during a break); absent
 * (events from before the break existed) it reads as null.
 */
export const PresenceEventDataV1Schema = z.object({
  tenantId: TenantIdSchema,
  agentId: EntityIdSchema,
  state: z.enum(PRESENCE_STATES),
  expiresAt: IsoTimestampSchema.nullable(),
  /** When the break ends (ISO); non-null exactly when `state` is `on-break`. */
  breakEndsAt: IsoTimestampSchema.nullable().default(null),
  reason: z.enum(PRESENCE_REASONS),
  sequence: z.number().int().positive(),
  occurredAt: IsoTimestampSchema,
  /** How the window was started: on `agent-went-online` and `agent-presence-changed` (reason `changed`) only. */
  via: z.enum(SESSION_VIA).optional(),
});
/** As written (`breakEndsAt` may be left out when null); a parse always fills it in. */
export type PresenceEventDataV1 = z.input<typeof PresenceEventDataV1Schema>;

function presenceEvent(
  noun: string,
  description: string,
): EventContract<PresenceEventDataV1> & {
  readonly description: string;
} {
  const type = `timedpresence.presence.${noun}.v1`;
  return {
    type,
    version: 1,
    description,
    dataSchema: PresenceEventDataV1Schema,
    envelopeSchema: cloudEventSchema(type, PresenceEventDataV1Schema),
    subjectFor: (tenantId: string) => eventSubject('presence', tenantId, noun, 1),
  };
}

export const AgentWentOnlineV1 = presenceEvent(
  'agent-went-online',
  'An offline agent went online until expiresAt.',
);
export const AgentPresenceChangedV1 = presenceEvent(
  'agent-presence-changed',
  'An agent who stays signed in changed: a new expiry, busy/available around a call, or a timed break ' +
    '(state on-break, reason break-started, breakEndsAt set; then state online, reason break-ended).',
);
export const AgentWentOfflineV1 = presenceEvent(
  'agent-went-offline',
  'An agent went offline; reason tells why.',
);

export const PRESENCE_EVENTS_V1 = [AgentWentOnlineV1, AgentPresenceChangedV1, AgentWentOfflineV1] as const;
