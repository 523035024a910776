import { z } from 'zod';
import { IsoTimestampSchema } from './identifiers';

/**
 * Integration events travel as CloudEvents 1.0 in JSON (structured mode). `id` is unique per
 * event and doubles as JetStream's `Nats-Msg-Id`, so a republished event is dropped by the
 * stream and a redelivered one is recognised by consumers.
 */
export function cloudEventSchema<TData extends z.ZodType>(type: string, data: TData) {
  return z.object({
    specversion: z.literal('1.0'),
    id: z.string().min(1),
    source: z.string().min(1),
    type: z.literal(type),
    time: IsoTimestampSchema,
    subject: z.string().min(1),
    datacontenttype: z.literal('application/json'),
    data,
  });
}

export interface CloudEvent<TData = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  data: TData;
}

/** Any envelope, data not yet checked: what a consumer validates first. */
export const AnyCloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  time: IsoTimestampSchema,
  subject: z.string().min(1),
  datacontenttype: z.literal('application/json'),
  data: z.unknown(),
});

/** An event definition: its CloudEvents type, NATS subject builder and data schema, versioned. */
export interface EventContract<TData> {
  readonly type: string;
  readonly version: number;
  readonly dataSchema: z.ZodType<TData>;
  readonly envelopeSchema: z.ZodType<CloudEvent<TData>>;
  subjectFor(tenantId: string): string;
}

/** Builds an envelope for an event contract, validating the data against its schema. */
export function makeCloudEvent<TData>(
  contract: EventContract<TData>,
  fields: { id: string; source: string; time: Date | string; subject: string; data: TData },
): CloudEvent<TData> {
  return {
    specversion: '1.0',
    id: fields.id,
    source: fields.source,
    type: contract.type,
    time: typeof fields.time === 'string' ? fields.time : fields.time.toISOString(),
    subject: fields.subject,
    datacontenttype: 'application/json',
    data: contract.dataSchema.parse(fields.data),
  };
}
