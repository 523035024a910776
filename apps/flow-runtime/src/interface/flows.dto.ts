import type { SchemaObject } from '@nestjs/swagger';
import { DomainError } from '@tp/ddd';
import {
  FLOW_TYPES,
  MAX_GRAPH_EDGES,
  MAX_GRAPH_NODES,
  NODE_ID_PATTERN,
  MAX_WAIT_SECONDS_MAX,
  MAX_WAIT_SECONDS_MIN,
  parseFlowName,
  QUEUE_DEFAULTS,
  QUEUE_NAME_MAX_LENGTH,
  QUEUE_PRIORITY_MAX,
  REQUIRED_SKILLS_MAX,
  TIMED_PRESENCE_DEFAULTS,
} from '@tp/flow-domain';
import { PROMPT_ROLES_V1 } from '@tp/contracts';
import { z } from 'zod';

/**
 * Bodies and queries of the admin API. The shape is checked here (a 400 names every bad field); what
 * a graph means is checked by the domain when a version is published, and the view of a version
 * lists those problems meanwhile.
 */
const Name = z
  .string()
  .superRefine((value, ctx) => {
    try {
      parseFlowName(value);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const reason = error.details.reason;
      ctx.addIssue({ code: 'custom', message: typeof reason === 'string' ? reason : error.message });
    }
  })
  .describe('1 to 100 characters, unique in the tenant (case ignored)');

const Id = z.string().regex(NODE_ID_PATTERN, '1-64 letters, digits, _ or -');

export const CreateFlowBody = z
  .object({
    name: Name,
    type: z.enum(FLOW_TYPES).optional().describe('customer (the default)'),
  })
  .strict();
export type CreateFlowBody = z.infer<typeof CreateFlowBody>;

const TimedPresenceParamsDoc = z
  .object({
    prompts: z
      .partialRecord(z.enum(PROMPT_ROLES_V1), z.string())
      .describe(
        'prompt ids by role: welcome, resource-lookup-error, preset-hours, custom-hours, invalid-input, online, ' +
          'offline are required; pin-entry, pin-wrong, pin-locked, pin-not-set, too-many-attempts are optional ' +
          '(built-in English wording otherwise); break-started, break-not-online are required while breakEnabled, ' +
          'until-time and until-time-confirm while untilTime is on; optional otherwise',
      ),
    presetHours: z
      .array(z.number().int())
      .length(4)
      .optional()
      .describe('keys 1 to 4; default 8, 24, 48, 72'),
    maxHours: z.number().int().optional().describe(`1..99; default ${TIMED_PRESENCE_DEFAULTS.maxHours}`),
    attempts: z.number().int().optional().describe(`invalid answers before the call ends, 1..10; default 3`),
    collectTimeoutS: z
      .number()
      .int()
      .optional()
      .describe('seconds of silence that end a menu, 1..60; default 5'),
    callerVerification: z
      .enum(['caller-id', 'pin', 'pin-unless-attested'])
      .optional()
      .describe('default caller-id (the vendor behaviour)'),
    notifyOnExpiry: z
      .boolean()
      .optional()
      .describe('call the agent with the Offline prompt at expiry; default false'),
    breakEnabled: z
      .boolean()
      .optional()
      .describe('a timed break from the preset menu while online; default false (its key is invalid input)'),
    breakKey: z
      .enum(['5', '6', '7', '8'])
      .optional()
      .describe(`the preset menu key that starts a break; default ${TIMED_PRESENCE_DEFAULTS.breakKey}`),
    breakMinutes: z
      .number()
      .int()
      .optional()
      .describe(`the break's length in minutes, 1..120; default ${TIMED_PRESENCE_DEFAULTS.breakMinutes}`),
    untilTime: z
      .boolean()
      .optional()
      .describe(
        'offer "online until a time of day" (HHMM in the agent\'s zone, read back, 1 confirms) on untilTimeKey; ' +
          'default false (the key is invalid input in the vendor flow)',
      ),
    untilTimeKey: z.enum(['5', '6', '7', '8']).optional().describe('the preset menu key for it; default 5'),
  })
  .describe('the parameters of a timed-presence node');

const PlayPromptParamsDoc = z
  .object({ promptId: z.string().describe('the prompt to play (checked with media at publish)') })
  .describe('the parameters of a play-prompt node (one unlabelled branch on)');

const QueueParamsDoc = z
  .object({
    name: z
      .string()
      .describe(`1-${QUEUE_NAME_MAX_LENGTH} characters; agents hear "A call from the <name> queue"`),
    requiredSkills: z
      .array(z.string())
      .optional()
      .describe(
        `up to ${REQUIRED_SKILLS_MAX} skill names (1-64 characters), all required, compared ignoring case; default none`,
      ),
    priority: z
      .number()
      .int()
      .optional()
      .describe(`0..${QUEUE_PRIORITY_MAX}, higher is offered first; default ${QUEUE_DEFAULTS.priority}`),
    maxWaitSeconds: z
      .number()
      .int()
      .optional()
      .describe(
        `${MAX_WAIT_SECONDS_MIN}..${MAX_WAIT_SECONDS_MAX}; then the no-agent prompt and the timeout branch; default ${QUEUE_DEFAULTS.maxWaitSeconds}`,
      ),
    holdPromptId: z
      .string()
      .nullable()
      .optional()
      .describe('played while waiting; built-in wording if absent'),
    noAgentPromptId: z
      .string()
      .nullable()
      .optional()
      .describe('played after the maximum wait; built-in wording if absent'),
  })
  .describe('the parameters of a queue node: edges on branch "answered" and branch "timeout", both required');

/** How far from the origin the designer may place a node, either way. */
export const CANVAS_EXTENT = 100_000;
const Coordinate = z.number().min(-CANVAS_EXTENT).max(CANVAS_EXTENT);

const NodeBody = z
  .object({
    id: Id,
    kind: z.string().min(1).max(64).describe('entry, exit, timed-presence, play-prompt or queue'),
    label: z.string().max(100).optional(),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('for timed-presence, play-prompt and queue: see their parameters'),
    position: z
      .object({ x: Coordinate, y: Coordinate })
      .strict()
      .optional()
      .describe(
        `where the console's designer draws the node (-${CANVAS_EXTENT}..${CANVAS_EXTENT} each way); stored with the version, no meaning to calls`,
      ),
  })
  .strict();

const EdgeBody = z
  .object({
    from: Id,
    to: Id,
    branch: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("the source's outcome it follows (a queue: answered or timeout); none for the default"),
  })
  .strict();

/** A version's graph: the body of `POST /v1/flows/:id/versions`, so problem fields match the body. */
export const FlowGraphBody = z
  .object({
    nodes: z.array(NodeBody).max(MAX_GRAPH_NODES),
    edges: z.array(EdgeBody).max(MAX_GRAPH_EDGES),
  })
  .strict();
export type FlowGraphBody = z.infer<typeof FlowGraphBody>;

export const FlowIdParams = z.object({ id: z.string().min(1).max(64) });
export const FlowVersionParams = z.object({
  id: z.string().min(1).max(64),
  version: z.coerce.number().int().positive(),
});

export const ListFlowsQueryParams = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type ListFlowsQueryParams = z.infer<typeof ListFlowsQueryParams>;

// ---- Response shapes, for the OpenAPI document ------------------------------------------------

export const FlowBody = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(FLOW_TYPES),
  latestVersion: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const FlowListBody = z.object({
  items: z.array(FlowBody),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

const ProblemBody = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().describe('a path into the version body: nodes[1].params.presetHours[2]'),
  node: z.string().optional(),
});

export const FlowProblemsBody = z.object({
  problems: z
    .array(ProblemBody)
    .describe('what would stop this graph from being published (prompts aside); empty when none'),
});

export const FlowVersionBody = z.object({
  flowId: z.string(),
  version: z.number().int(),
  graph: FlowGraphBody,
  published: z.boolean(),
  problems: z
    .array(ProblemBody)
    .describe('what would stop this version from being published (prompts aside)'),
  createdAt: z.string(),
});

/** A zod schema as an OpenAPI 3.0 schema object for @ApiBody / @ApiResponse. */
export function openApi(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;
}

/** The graph as the OpenAPI document shows it: the activities' parameters spelled out. */
export const FlowGraphDoc = z.object({
  nodes: z
    .array(
      NodeBody.extend({
        params: z
          .union([
            TimedPresenceParamsDoc,
            PlayPromptParamsDoc,
            QueueParamsDoc,
            z.record(z.string(), z.unknown()),
          ])
          .optional(),
      }),
    )
    .max(MAX_GRAPH_NODES),
  edges: z.array(EdgeBody).max(MAX_GRAPH_EDGES),
});
