import { z } from 'zod';
import { EntityIdSchema, TenantIdSchema } from '../identifiers';
import { defineRpc } from '../rpc';
import { commandSubject } from '../subjects';

/**
 * Channel-neutral steps: what a caller hears and what is collected from them. flow-runtime never
 * sees TwiML; dispatch renders these (say/play nested in a collect, so keys can barge in).
 */
export const SayStepSchema = z.object({
  type: z.literal('say'),
  text: z.string().min(1).max(4096),
  /** A Twilio voice such as `Polly.Joanna`; the renderer's default when absent. */
  voice: z.string().max(64).optional(),
  /** BCP-47, such as `en-US`. */
  language: z.string().max(35).optional(),
});
export const PlayStepSchema = z.object({ type: z.literal('play'), url: z.url({ protocol: /^https$/ }) });
export const PauseStepSchema = z.object({
  type: z.literal('pause'),
  seconds: z.number().int().min(1).max(10),
});
export const SpeechStepSchema = z.discriminatedUnion('type', [
  SayStepSchema,
  PlayStepSchema,
  PauseStepSchema,
]);
export type SpeechStep = z.infer<typeof SpeechStepSchema>;

export const CollectStepSchema = z.object({
  type: z.literal('collect'),
  /** What the keys are for (`preset-menu`, `custom-hours`, `pin`): for logs and metrics. */
  purpose: z.string().min(1).max(32),
  maxDigits: z.number().int().min(1).max(20),
  timeoutS: z.number().int().min(1).max(60),
  /** `''` disables the finish key. */
  finishOnKey: z.string().max(1),
  /** Played while waiting for keys; a key press interrupts them. */
  prompts: z.array(SpeechStepSchema).max(20),
});
export const HangupStepSchema = z.object({ type: z.literal('hangup') });

/**
 * Puts the caller in a queue to be routed to an online agent (a customer flow's Queue activity). It
 * is always the last step of its turn: dispatch keeps the caller waiting with the `hold` steps in a
 * loop, offers the call to eligible agents, and reports how the wait ended with `queue-result` for
 * this `turn` (answered after the bridged call, timeout after `maxWaitS`, abandoned if the caller
 * hung up), which gives the next turn (the no-agent prompt and the timeout branch, say).
 */
export const EnqueueStepSchema = z.object({
  type: z.literal('enqueue'),
  /** The Queue node of the flow version; with the session, what names the wait in logs and events. */
  queueNodeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  /** What agents hear in the whisper: "A call from the <queueName> queue." */
  queueName: z.string().min(1).max(64),
  /** Skills an agent must hold, all of them (case-insensitive); [] means any online agent. */
  requiredSkills: z.array(z.string().min(1).max(64)).max(20),
  /** Higher is offered first among waiting calls of the tenant (0-10), then the longest waiting. */
  priority: z.number().int().min(0).max(10),
  /** How long the caller may wait before the timeout outcome. */
  maxWaitS: z.number().int().min(5).max(3600),
  /** Played in a loop while the caller waits (the hold prompt). */
  hold: z.array(SpeechStepSchema).min(1).max(20),
});
export type EnqueueStep = z.infer<typeof EnqueueStepSchema>;

export const ChannelStepSchema = z.discriminatedUnion('type', [
  SayStepSchema,
  PlayStepSchema,
  PauseStepSchema,
  CollectStepSchema,
  HangupStepSchema,
  EnqueueStepSchema,
]);
export type ChannelStep = z.infer<typeof ChannelStepSchema>;

/**
 * One turn of a flow session: the steps to render now. A turn ending in a `collect` expects the
 * keys back as `session-input` for that `turn`; `done` means the steps end the call.
 */
export const SessionTurnSchema = z.object({
  sessionId: EntityIdSchema,
  turn: z.number().int().nonnegative(),
  steps: z.array(ChannelStepSchema).min(1),
  done: z.boolean(),
});
export type SessionTurn = z.infer<typeof SessionTurnSchema>;

/**
 * Starts the session of a call on the mapped flow. Idempotent by `callSid`: a retried webhook (a
 * Twilio retry or the fallback URL) gets the same first turn, and nothing happens twice.
 */
export const StartSession = defineRpc({
  subject: commandSubject('flow-runtime', 'start-session'),
  request: z.object({
    tenantId: TenantIdSchema,
    flowId: EntityIdSchema,
    callSid: z.string().regex(/^CA[0-9a-f]{32}$/, 'a Twilio CallSid'),
    /** The caller ID as Twilio sent it: E.164, `anonymous`, a client identity, or empty. */
    from: z.string().max(128),
    /** The number called (the dispatch mapping's contact point), E.164. */
    to: z.string().max(32),
    /** SHAKEN/STIR verification of the caller ID, when Twilio sent one. */
    stirVerstat: z.string().max(64).optional(),
  }),
  reply: SessionTurnSchema,
});

/**
 * The caller's keys for a turn's collect (`digits: null` when they pressed nothing). Idempotent by
 * `(sessionId, turn)`: the same input again gets the same answer and changes nothing.
 */
export const SessionInput = defineRpc({
  subject: commandSubject('flow-runtime', 'session-input'),
  request: z.object({
    tenantId: TenantIdSchema,
    sessionId: EntityIdSchema,
    turn: z.number().int().nonnegative(),
    digits: z.string().max(32).nullable(),
  }),
  reply: SessionTurnSchema,
});

/** How a caller's wait in a queue ended. */
export const QUEUE_OUTCOMES = ['answered', 'timeout', 'abandoned'] as const;
export type QueueOutcome = (typeof QUEUE_OUTCOMES)[number];

/**
 * How the wait of a turn ending in `enqueue` ended: `answered` once the bridged call with the agent
 * is over (the caller may still be on the line), `timeout` when `maxWaitS` passed without an agent,
 * `abandoned` when the caller hung up while waiting. The reply is the next turn (for `abandoned`,
 * `done` with a hangup; nothing is played). Idempotent by `(sessionId, turn)` like `session-input`.
 */
export const SessionQueueResult = defineRpc({
  subject: commandSubject('flow-runtime', 'queue-result'),
  request: z.object({
    tenantId: TenantIdSchema,
    sessionId: EntityIdSchema,
    turn: z.number().int().nonnegative(),
    outcome: z.enum(QUEUE_OUTCOMES),
  }),
  reply: SessionTurnSchema,
});

/** A flow as dispatch checks it when an admin maps a number to it. */
export const GetFlow = defineRpc({
  subject: commandSubject('flow-runtime', 'get-flow'),
  request: z.object({ tenantId: TenantIdSchema, flowId: EntityIdSchema }),
  reply: z.discriminatedUnion('found', [
    z.object({ found: z.literal(false) }),
    z.object({
      found: z.literal(true),
      flowId: EntityIdSchema,
      name: z.string(),
      type: z.string(),
      publishedVersion: z.number().int().positive().nullable(),
    }),
  ]),
});

/**
 * What to tell an agent whose hours ran out, if the flow they logged in through asks for it (the
 * Offline prompt), for dispatch to call them.
 */
export const ExpiryNotice = defineRpc({
  subject: commandSubject('flow-runtime', 'expiry-notice'),
  request: z.object({ tenantId: TenantIdSchema, agentId: EntityIdSchema }),
  reply: z.discriminatedUnion('notify', [
    z.object({ notify: z.literal(false) }),
    z.object({ notify: z.literal(true), flowId: EntityIdSchema, steps: z.array(SpeechStepSchema).min(1) }),
  ]),
});
