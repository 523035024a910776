import { z } from 'zod';
import { cloudEventSchema, type EventContract } from '../cloud-event';
import { EntityIdSchema, IsoTimestampSchema, TenantIdSchema } from '../identifiers';
import { defineRpc } from '../rpc';
import { commandSubject, eventSubject } from '../subjects';

// ---- Shapes shared by requests, replies and events ---------------------------------------------

export const USER_STATUSES_V1 = ['active', 'disabled'] as const;
export const EXTENSION_TYPES_V1 = ['pstn', 'sip', 'webrtc'] as const;

/** A skill: a name (routing compares names ignoring case) and an optional proficiency 1..10. */
export const SkillV1Schema = z.object({
  name: z.string().min(1).max(64),
  proficiency: z.number().int().min(1).max(10).nullable(),
});
export type SkillV1 = z.infer<typeof SkillV1Schema>;

/** An extension: `number` is E.164 for `pstn`, a SIP URI for `sip`, a client identity for `webrtc`. */
export const ExtensionV1Schema = z.object({
  id: EntityIdSchema,
  type: z.enum(EXTENSION_TYPES_V1),
  number: z.string().min(1).max(255),
  ext: z
    .string()
    .regex(/^\d{1,10}$/)
    .nullable(),
  description: z.string().max(200).nullable(),
});
export type ExtensionV1 = z.infer<typeof ExtensionV1Schema>;

/** An IANA time zone name: the user's own, or the tenant's default when the user has none. */
const TimeZoneSchema = z.string().min(1).max(64);

// ---- Request/reply -----------------------------------------------------------------------------

/** Who calls: what the Timed Presence activity needs to know about the owner of a calling number. */
export const CallerUserV1Schema = z.object({
  id: EntityIdSchema,
  name: z.string().min(1),
  skills: z.array(SkillV1Schema),
  /** The zone to speak local time in (the user's own, or the tenant default). */
  timeZone: TimeZoneSchema,
  hasPin: z.boolean(),
  status: z.enum(USER_STATUSES_V1),
});
export type CallerUserV1 = z.infer<typeof CallerUserV1Schema>;

/**
 * Who owns a phone number in a tenant. `phone` is read as typed or as Twilio sends `From`
 * (`+1-234-567-8910`, `+12345678910`) and normalised to E.164 first; a caller ID that is no phone
 * number (`anonymous`, `client:alice`) is simply not found. A disabled user is not found either,
 * unless `includeDisabled` is set (then `status` tells).
 */
export const FindUserByPhone = defineRpc({
  subject: commandSubject('identity', 'find-user-by-phone'),
  request: z.object({
    tenantId: TenantIdSchema,
    phone: z.string().max(128),
    includeDisabled: z.boolean().optional(),
  }),
  reply: z.discriminatedUnion('found', [
    z.object({ found: z.literal(false) }),
    z.object({ found: z.literal(true), user: CallerUserV1Schema }),
  ]),
});
export type FindUserByPhoneReply = z.infer<typeof FindUserByPhone.reply>;

export const PIN_CHECK_RESULTS_V1 = ['ok', 'wrong', 'locked'] as const;

/**
 * Checks a PIN the caller keyed in. `ok`, `wrong`, or `locked` (after 5 wrong PINs within 15
 * minutes, for 15 minutes; `lockedUntil` says until when). Every failure is audited with the call
 * and the source. Errors: `IDENTITY.USER_NOT_FOUND` (also for a disabled user),
 * `IDENTITY.PIN_NOT_SET`. The PIN is never logged nor echoed.
 */
export const VerifyPin = defineRpc({
  subject: commandSubject('identity', 'verify-pin'),
  request: z.object({
    tenantId: TenantIdSchema,
    userId: EntityIdSchema,
    /** What was keyed in: digits only, up to 8 (a shorter entry is simply wrong). */
    pin: z.string().regex(/^\d{1,8}$/, 'must be 1 to 8 digits'),
    callSid: z.string().min(1).max(64).optional(),
    /** Who asks, for the audit log: `ivr` unless told. */
    source: z
      .string()
      .regex(/^[a-z0-9-]{1,32}$/)
      .optional(),
  }),
  reply: z.object({
    result: z.enum(PIN_CHECK_RESULTS_V1),
    lockedUntil: IsoTimestampSchema.optional(),
  }),
});
export type VerifyPinReply = z.infer<typeof VerifyPin.reply>;

// ---- Events ------------------------------------------------------------------------------------

/**
 * What every identity event carries. `version` grows by one with every change of one user, so a
 * consumer keeps the highest it applied and drops anything not newer.
 */
const UserEventBaseV1 = {
  tenantId: TenantIdSchema,
  userId: EntityIdSchema,
  version: z.number().int().positive(),
  occurredAt: IsoTimestampSchema,
};

export const UserCreatedDataV1Schema = z.object({
  ...UserEventBaseV1,
  name: z.string().min(1),
  email: z.string().min(3),
  timeZone: TimeZoneSchema,
  status: z.enum(USER_STATUSES_V1),
  hasPin: z.boolean(),
  skills: z.array(SkillV1Schema),
  extensions: z.array(ExtensionV1Schema),
});
export const UserUpdatedDataV1Schema = z.object({
  ...UserEventBaseV1,
  changed: z.array(z.enum(['name', 'email', 'time-zone', 'pin'])).min(1),
  name: z.string().min(1),
  email: z.string().min(3),
  timeZone: TimeZoneSchema,
  hasPin: z.boolean(),
});
export const UserSkillsChangedDataV1Schema = z.object({ ...UserEventBaseV1, skills: z.array(SkillV1Schema) });
export const UserExtensionsChangedDataV1Schema = z.object({
  ...UserEventBaseV1,
  extensions: z.array(ExtensionV1Schema),
});
export const UserStatusChangedDataV1Schema = z.object({
  ...UserEventBaseV1,
  status: z.enum(USER_STATUSES_V1),
});

function identityEvent<TData>(
  noun: string,
  description: string,
  dataSchema: z.ZodType<TData>,
): EventContract<TData> & { readonly description: string } {
  const type = `timedpresence.identity.${noun}.v1`;
  return {
    type,
    version: 1,
    description,
    dataSchema,
    envelopeSchema: cloudEventSchema(type, dataSchema),
    subjectFor: (tenantId: string) => eventSubject('identity', tenantId, noun, 1),
  };
}

export const UserCreatedV1 = identityEvent(
  'user-created',
  'A user was created, with its skills and extensions.',
  UserCreatedDataV1Schema,
);
export const UserUpdatedV1 = identityEvent(
  'user-updated',
  'The name, email, time zone or PIN (set or not) of a user changed; `changed` names which.',
  UserUpdatedDataV1Schema,
);
export const UserSkillsChangedV1 = identityEvent(
  'user-skills-changed',
  'The skills of a user changed; `skills` is the whole new list.',
  UserSkillsChangedDataV1Schema,
);
export const UserExtensionsChangedV1 = identityEvent(
  'user-extensions-changed',
  'An extension of a user was added or removed; `extensions` is the whole new list.',
  UserExtensionsChangedDataV1Schema,
);
export const UserStatusChangedV1 = identityEvent(
  'user-status-changed',
  'A user was disabled (no longer recognised on calls) or enabled again.',
  UserStatusChangedDataV1Schema,
);

export const IDENTITY_EVENTS_V1 = [
  UserCreatedV1,
  UserUpdatedV1,
  UserSkillsChangedV1,
  UserExtensionsChangedV1,
  UserStatusChangedV1,
] as const;
