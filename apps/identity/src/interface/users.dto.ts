import { EXTENSION_TYPES_V1, ExtensionV1Schema, SkillV1Schema, USER_STATUSES_V1 } from '@tp/contracts';
import { InvalidPhoneNumber, PhoneNumber } from '@tp/telephony-domain';
import { z } from 'zod';

/** Adds an issue naming `path` when `value` is not a phone number, with the reason. */
function checkPhone(value: string, ctx: z.RefinementCtx, path: (string | number)[]): void {
  try {
    PhoneNumber.parse(value);
  } catch (error) {
    if (!(error instanceof InvalidPhoneNumber)) throw error;
    ctx.addIssue({ code: 'custom', path, message: `is not an E.164 phone number (${error.reason})` });
  }
}

export const SkillBody = z.strictObject({
  name: z.string().trim().min(1).max(64),
  proficiency: z.number().int().min(1).max(10).nullish().describe('1 (novice) to 10; absent or null: none'),
});

export const ExtensionBody = z
  .strictObject({
    type: z.enum(EXTENSION_TYPES_V1).default('pstn'),
    number: z
      .string()
      .min(1)
      .max(255)
      .describe(
        'pstn: a phone number in E.164, as typed (+1-234-567-8910); sip: a SIP URI; webrtc: a client identity',
      ),
    ext: z
      .string()
      .regex(/^\s*\d{1,10}\s*$/, 'must be 1 to 10 digits')
      .nullish()
      .describe('digits dialled after answer'),
    description: z.string().max(200).nullish().describe('e.g. "John Smith - mobile"'),
  })
  .superRefine((body, ctx) => {
    if (body.type === 'pstn') checkPhone(body.number, ctx, ['number']);
  });

export type ExtensionBody = z.infer<typeof ExtensionBody>;

export const CreateUserBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
  timeZone: z.string().max(64).nullish().describe('IANA name; absent or null: the tenant default'),
  skills: z.array(SkillBody).max(100).optional(),
  extensions: z.array(ExtensionBody).max(20).optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBody>;

export const UpdateUserBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    email: z.email().max(254).optional(),
    timeZone: z
      .string()
      .max(64)
      .nullable()
      .optional()
      .describe('IANA name; null: back to the tenant default'),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), {
    message: 'give at least one of name, email, timeZone',
  });
export type UpdateUserBody = z.infer<typeof UpdateUserBody>;

export const SetSkillsBody = z.strictObject({ skills: z.array(SkillBody).max(100) });
export type SetSkillsBody = z.infer<typeof SetSkillsBody>;

export const SetPinBody = z.strictObject({ pin: z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits') });
export type SetPinBody = z.infer<typeof SetPinBody>;

export const ListUsersQueryParams = z
  .strictObject({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(200).optional(),
    skill: z.string().trim().min(1).max(64).optional(),
    number: z.string().min(1).max(64).optional(),
  })
  .superRefine((query, ctx) => {
    if (query.number !== undefined) checkPhone(query.number, ctx, ['number']);
  });
export type ListUsersQueryParams = z.infer<typeof ListUsersQueryParams>;

// ---- Responses (for the OpenAPI document) ------------------------------------------------------

export const UserViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  timeZone: z.string().describe('the zone in effect: the user’s own or the tenant default'),
  timeZoneSource: z.enum(['user', 'tenant-default']),
  status: z.enum(USER_STATUSES_V1),
  hasPin: z.boolean().describe('whether a PIN is set; the PIN and its hash are never returned'),
  skills: z.array(SkillV1Schema),
  extensions: z.array(ExtensionV1Schema),
  version: z.number().int().describe('one more with every change'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const UserListSchema = z.object({
  items: z.array(UserViewSchema),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last one'),
});

export const PinFailuresSchema = z.object({
  lockedUntil: z.iso.datetime().nullable(),
  failures: z.array(
    z.object({
      at: z.iso.datetime(),
      outcome: z.enum(['wrong', 'locked']),
      callSid: z.string().nullable(),
      source: z.string(),
    }),
  ),
});

export const ErrorSchema = z.object({
  statusCode: z.number().int(),
  code: z.string().describe('CONTEXT.REASON, e.g. IDENTITY.NUMBER_TAKEN'),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
  errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
});

/** A zod schema as an OpenAPI 3.0 schema object, for @ApiBody / @ApiResponse. */
export function openApi(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  });
  return rest;
}
