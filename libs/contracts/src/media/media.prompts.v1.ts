import { PROMPT_ROLES } from '@tp/timed-presence-domain';
import { z } from 'zod';
import { cloudEventSchema, type EventContract } from '../cloud-event';
import { EntityIdSchema, IsoTimestampSchema, TenantIdSchema } from '../identifiers';
import { defineRpc } from '../rpc';
import { commandSubject, eventSubject } from '../subjects';

/**
 * The roles a prompt can be tagged with: the vendor's seven Timed Presence prompts, then the ones
 * this product adds for PIN verification and for giving up. The list is the IVR's own
 * (`PROMPT_ROLES` of the timed presence rules), carried as it is.
 */
export const PROMPT_ROLES_V1 = PROMPT_ROLES;
export const PromptRoleV1Schema = z.enum(PROMPT_ROLES_V1);

/** What a prompt plays: Twilio `<Say>` text with a voice and language, or a `<Play>` audio URL. */
export const PromptContentV1Schema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tts'),
    /** Up to 4,096 characters. */
    text: z.string().min(1),
    /** A Twilio voice: `alice`, `Polly.Joanna`, `Google.en-US-Standard-C`, ... */
    voice: z.string().min(1),
    /** A canonical BCP-47 tag: `en-US`. */
    language: z.string().min(1),
  }),
  z.object({ kind: z.literal('audio'), url: z.url({ protocol: /^https$/ }) }),
]);
export type PromptContentV1 = z.infer<typeof PromptContentV1Schema>;

/** A prompt as media serves it and as its events carry it. */
export const PromptV1Schema = z.object({
  id: EntityIdSchema,
  tenantId: TenantIdSchema,
  name: z.string().min(1),
  role: PromptRoleV1Schema.nullable(),
  content: PromptContentV1Schema,
  /** 1 when created, +1 with every change: a cache keeps the highest it has seen. */
  version: z.number().int().positive(),
  createdAt: IsoTimestampSchema,
  updatedAt: IsoTimestampSchema,
});
export type PromptV1 = z.infer<typeof PromptV1Schema>;

/**
 * Prompts by id, in one request (flow-runtime, for the prompts of an activity). Tenant-scoped: an
 * id unknown in the tenant, another tenant's included, comes back in `missing`. `prompts` follow
 * the order of `ids`; a repeated id is answered once.
 */
export const GetPrompts = defineRpc({
  subject: commandSubject('media', 'get-prompts'),
  request: z.object({ tenantId: TenantIdSchema, ids: z.array(EntityIdSchema).min(1).max(50) }),
  reply: z.object({ prompts: z.array(PromptV1Schema), missing: z.array(EntityIdSchema) }),
});
export type GetPromptsRequest = z.infer<typeof GetPrompts.request>;
export type GetPromptsReply = z.infer<typeof GetPrompts.reply>;

// ---- Events ----------------------------------------------------------------------------------

const PromptEventBaseV1 = {
  tenantId: TenantIdSchema,
  promptId: EntityIdSchema,
  /** The prompt's version after this event; drop an event not newer than what you hold. */
  version: z.number().int().positive(),
  occurredAt: IsoTimestampSchema,
};

export const PromptCreatedDataV1Schema = z.object({ ...PromptEventBaseV1, prompt: PromptV1Schema });
export type PromptCreatedDataV1 = z.infer<typeof PromptCreatedDataV1Schema>;

export const PromptChangedDataV1Schema = z.object({
  ...PromptEventBaseV1,
  changed: z.array(z.enum(['name', 'role', 'content'])).min(1),
  /** The prompt after the change. */
  prompt: PromptV1Schema,
});
export type PromptChangedDataV1 = z.infer<typeof PromptChangedDataV1Schema>;

export const PromptDeletedDataV1Schema = z.object({ ...PromptEventBaseV1, name: z.string().min(1) });
export type PromptDeletedDataV1 = z.infer<typeof PromptDeletedDataV1Schema>;

function mediaEvent<TData>(
  noun: string,
  dataSchema: z.ZodType<TData>,
  description: string,
): EventContract<TData> & { readonly description: string } {
  const type = `timedpresence.media.${noun}.v1`;
  return {
    type,
    version: 1,
    description,
    dataSchema,
    envelopeSchema: cloudEventSchema(type, dataSchema),
    subjectFor: (tenantId: string) => eventSubject('media', tenantId, noun, 1),
  };
}

export const PromptCreatedV1 = mediaEvent(
  'prompt-created',
  PromptCreatedDataV1Schema,
  'A prompt was created.',
);
export const PromptChangedV1 = mediaEvent(
  'prompt-changed',
  PromptChangedDataV1Schema,
  "A prompt's name, role or content changed: a cache drops or replaces it.",
);
export const PromptDeletedV1 = mediaEvent(
  'prompt-deleted',
  PromptDeletedDataV1Schema,
  'A prompt was deleted: a cache drops it.',
);

export const MEDIA_EVENTS_V1 = [PromptCreatedV1, PromptChangedV1, PromptDeletedV1] as const;
