import { EntityIdSchema } from '@tp/contracts';
import { z } from 'zod';

/** The POST parameters and queries the Twilio edge reads (after the signature checked out). */
const CallSid = z.string().regex(/^CA[0-9a-f]{32}$/, 'a Twilio CallSid');

export const VoiceParams = z.object({
  CallSid,
  /** May be missing, `anonymous`, a client identity: passed to the flow as it came. */
  From: z.string().max(128).default(''),
  To: z.string().max(32).default(''),
  CallStatus: z.string().max(32).optional(),
  StirVerstat: z.string().max(64).optional(),
});

export const GatherQuery = z.object({
  session: EntityIdSchema,
  turn: z.coerce.number().int().nonnegative(),
});

export const GatherParams = z.object({
  CallSid,
  /** Empty when the caller pressed nothing before the timeout (`actionOnEmptyResult`). */
  Digits: z
    .string()
    .max(32)
    .optional()
    .transform((digits) => (digits === undefined || digits === '' ? null : digits)),
});

export const StatusParams = z.object({
  CallSid,
  CallStatus: z.string().max(32),
  SequenceNumber: z.string().max(12).optional(),
  From: z.string().max(128).default(''),
  To: z.string().max(32).default(''),
  Direction: z.string().max(32).optional(),
});
