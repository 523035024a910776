import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/** `GET /v1/routing/queues?periodMinutes=`: how far back the ended waits are counted. */
export const QueueBoardQuery = z.object({
  periodMinutes: z.coerce
    .number()
    .int()
    .min(5)
    .max(1440)
    .default(60)
    .describe('count the waits that ended in this many minutes before now (5..1440, default 60)'),
});
export type QueueBoardQuery = z.infer<typeof QueueBoardQuery>;

const Offer = z.object({
  id: z.string(),
  agentId: z.string().describe("the agent's identity user id"),
  status: z.enum(['placing', 'ringing']),
  attempt: z.number().int().describe('1 for the first agent offered the call, 2 for the next, ...'),
  since: z.string().describe('when the offer was made (ISO 8601)'),
});

const WaitingCall = z.object({
  id: z.string(),
  callSid: z.string(),
  queueName: z.string().describe("the Queue node's name in the customer flow"),
  priority: z.number().int(),
  enqueuedAt: z.string(),
  deadline: z.string().describe('when the maximum wait ends'),
  waitedSeconds: z.number().int().describe('seconds waited when the board was read'),
  offer: Offer.nullable().describe('the offer ringing for the call, if any'),
});

const Queue = z.object({
  skills: z.array(z.string()).describe('the skills the calls ask for, lower case, sorted (empty: any agent)'),
  names: z.array(z.string()).describe('the Queue node names seen for this skill set'),
  waiting: z.array(WaitingCall).describe('calls waiting or being offered, in offer order'),
  ringing: z.number().int(),
  ended: z.object({
    answered: z.number().int(),
    abandoned: z.number().int(),
    timedOut: z.number().int(),
  }),
});

export const QueueBoardBody = z.object({
  at: z.string().describe('when the board was read (ISO 8601)'),
  periodMinutes: z.number().int(),
  queues: z.array(Queue),
});

export const openApi = (schema: z.ZodType): SchemaObject =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any' }) as SchemaObject;
