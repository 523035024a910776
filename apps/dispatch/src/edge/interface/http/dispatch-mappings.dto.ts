import type { SchemaObject } from '@nestjs/swagger';
import { DomainError } from '@tp/ddd';
import {
  INTERACTION_TYPES,
  MAPPING_TYPES,
  parseAccountSid,
  parseContactPoint,
  parseFlowId,
  parseMappingDescription,
  parseMappingName,
  TWILIO_ACCOUNT_OWNERS,
} from '@tp/dispatch-domain';
import { PageQuerySchema } from '@tp/platform';
import { z } from 'zod';

/**
 * Request bodies of the admin API. The field rules are the domain's own (one source): a failed rule
 * becomes a zod issue on its field, so a 400 names every bad field at once.
 */
function rule(check: (value: string) => unknown) {
  return (value: string, ctx: z.core.$RefinementCtx<string>) => {
    try {
      check(value);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const reason = error.details.reason;
      ctx.addIssue({ code: 'custom', message: typeof reason === 'string' ? reason : error.message });
    }
  };
}

const Name = z.string().superRefine(rule(parseMappingName)).describe('1 to 100 characters');
const Description = z
  .string()
  .superRefine(rule(parseMappingDescription))
  .nullable()
  .describe('up to 500 characters; null or blank for none');
const PhoneNumber = z
  .string()
  .superRefine(rule(parseContactPoint))
  .describe(
    'the contact point, E.164 with its country code (+1-234-567-8910 is read as +12345678910); unique across all tenants',
  );
const FlowId = z
  .string()
  .superRefine(rule(parseFlowId))
  .describe('a flow of the tenant with a published version');
const TwilioAccount = z
  .enum(TWILIO_ACCOUNT_OWNERS)
  .describe(
    "whose Twilio account owns the number: the platform's, or the tenant's own (PUT /v1/twilio-account)",
  );

export const CreateMappingBody = z
  .object({
    name: Name,
    description: Description.optional(),
    interactionType: z.enum(INTERACTION_TYPES).default('voice'),
    mappingType: z.enum(MAPPING_TYPES).default('contact-point'),
    phoneNumber: PhoneNumber,
    flowId: FlowId,
    twilioAccount: TwilioAccount.default('platform'),
    active: z.boolean().default(true),
  })
  .strict();
export type CreateMappingBody = z.infer<typeof CreateMappingBody>;

export const UpdateMappingBody = z
  .object({
    name: Name.optional(),
    description: Description.optional(),
    phoneNumber: PhoneNumber.optional(),
    flowId: FlowId.optional(),
    twilioAccount: TwilioAccount.optional(),
    active: z.boolean().optional(),
    expectedVersion: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        'the version you edited: a newer stored version answers 409 DISPATCH.MAPPING_VERSION_MISMATCH',
      ),
  })
  .strict()
  .refine(
    ({ expectedVersion: _v, ...changes }) => Object.values(changes).some((value) => value !== undefined),
    { message: 'give at least one of name, description, phoneNumber, flowId, twilioAccount, active' },
  );
export type UpdateMappingBody = z.infer<typeof UpdateMappingBody>;

export const ListMappingsQueryParams = PageQuerySchema.strict();
export type ListMappingsQueryParams = z.infer<typeof ListMappingsQueryParams>;

export const SetTwilioAccountBody = z
  .object({
    accountSid: z.string().superRefine(rule(parseAccountSid)).describe('AC followed by 32 hex digits'),
    // Only the shape is told back on a mistake, never the value.
    authToken: z
      .string()
      .regex(/^\s*[0-9a-f]{32}\s*$/, 'must be 32 hex digits')
      .describe('the Auth Token: stored encrypted, never returned'),
  })
  .strict();
export type SetTwilioAccountBody = z.infer<typeof SetTwilioAccountBody>;

// ---- Response shapes, for the OpenAPI document ------------------------------------------------

export const MappingBody = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string().nullable(),
  interactionType: z.enum(INTERACTION_TYPES),
  mappingType: z.enum(MAPPING_TYPES),
  phoneNumber: z.string(),
  flowId: z.string(),
  twilioAccount: z.enum(TWILIO_ACCOUNT_OWNERS),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const MappingListBody = z.object({
  items: z.array(MappingBody),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const TwilioAccountBody = z.object({
  configured: z.boolean(),
  accountSid: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

/** A zod schema as an OpenAPI 3.0 schema object for @ApiBody / @ApiResponse. */
export function openApi(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;
}
