import { PROMPT_ROLES_V1, PromptV1Schema } from '@tp/contracts';
import { DomainError } from '@tp/ddd';
import { parseAudioUrl, parseLanguage, parsePromptName, parseTtsText, parseVoice } from '@tp/media-domain';
import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * Request bodies and queries of the admin API. The field rules are the domain's own (one source):
 * a failed rule becomes a zod issue on its field, so a 400 names every bad field at once.
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

const Name = z
  .string()
  .superRefine(rule(parsePromptName))
  .describe('1 to 100 characters, unique in the tenant (case ignored)');
const Role = z.enum(PROMPT_ROLES_V1);

export const TtsContentBody = z
  .object({
    kind: z.literal('tts'),
    text: z.string().superRefine(rule(parseTtsText)).describe('1 to 4,096 characters'),
    voice: z
      .string()
      .superRefine(rule(parseVoice))
      .describe('a Twilio voice: alice, Polly.Joanna, Google.en-US-Standard-C'),
    language: z.string().superRefine(rule(parseLanguage)).describe('a BCP-47 language tag: en-US'),
  })
  .strict();

export const AudioContentBody = z
  .object({
    kind: z.literal('audio'),
    url: z.string().superRefine(rule(parseAudioUrl)).describe('an https:// URL Twilio can fetch'),
  })
  .strict();

export const PromptContentBody = z.discriminatedUnion('kind', [TtsContentBody, AudioContentBody]);

export const CreatePromptBody = z
  .object({
    name: Name,
    role: Role.nullable().optional().describe('a tag for discoverability'),
    content: PromptContentBody,
  })
  .strict();
export type CreatePromptBody = z.infer<typeof CreatePromptBody>;

export const UpdatePromptBody = z
  .object({
    name: Name.optional(),
    role: Role.nullable().optional().describe('null removes the role'),
    content: PromptContentBody.optional().describe('replaces the content as a whole'),
    expectedVersion: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('the version you edited: a newer stored version answers 409 MEDIA.PROMPT_VERSION_MISMATCH'),
  })
  .strict()
  .refine((body) => body.name !== undefined || body.role !== undefined || body.content !== undefined, {
    message: 'give at least one of name, role, content',
  });
export type UpdatePromptBody = z.infer<typeof UpdatePromptBody>;

export const ListPromptsQueryParams = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
    role: Role.optional(),
  })
  .strict();
export type ListPromptsQueryParams = z.infer<typeof ListPromptsQueryParams>;

export const StarterSetBody = z
  .object({ voice: z.string().superRefine(rule(parseVoice)).optional().describe('default Polly.Joanna') })
  .strict()
  .optional()
  .transform((body) => body ?? {});
export type StarterSetBody = z.infer<typeof StarterSetBody>;

// ---- Response shapes, for the OpenAPI document ------------------------------------------------

export const PromptListBody = z.object({
  items: z.array(PromptV1Schema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const StarterSetResultBody = z.object({
  created: z.number().int(),
  prompts: z.array(
    z.object({
      role: Role,
      status: z.enum(['created', 'exists', 'name-taken']),
      prompt: PromptV1Schema,
    }),
  ),
});

/** A zod schema as an OpenAPI 3.0 schema object for @ApiBody / @ApiResponse. */
export function openApi(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;
}
