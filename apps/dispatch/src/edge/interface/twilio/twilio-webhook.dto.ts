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

/** The waiting call a queue webhook is about (`/twilio/queue/{wait,result,timeout}?call=`). */
export const QueueQuery = z.object({ call: z.uuid() });

export const QueueWaitParams = z.object({
  CallSid,
  /** The queue's SID: dispatch takes the caller out of it through REST at the maximum wait. */
  QueueSid: z
    .string()
    .regex(/^QU[0-9a-f]{32}$/)
    .optional()
    .catch(undefined),
  QueuePosition: z.string().max(12).optional(),
  QueueTime: z.string().max(12).optional(),
});

/** What a caller dequeued at the maximum wait requests (the Queue Member's `Url`): a plain call webhook. */
export const QueueTimeoutParams = z.object({ CallSid });

export const QueueResultParams = z.object({
  CallSid,
  /** bridged, leave, hangup, queue-full, error, system-error, redirected. */
  QueueResult: z.string().max(32).optional(),
  QueueTime: z.string().max(12).optional(),
});

/** The offer an agent leg's webhook is about (`/twilio/offer/...?offer=`). */
export const OfferQuery = z.object({ offer: z.uuid() });

export const OfferCallParams = z.object({ CallSid });

export const OfferAnswerParams = GatherParams;

export const OfferStatusParams = StatusParams;
