import { loadEnv } from '@tp/platform';
import { z } from 'zod';

/** The flow-runtime app's own variables (besides the platform's), validated at boot. */
export const FlowRuntimeEnvSchema = z.object({
  /**
   * How long one session turn may spend asking identity, presence and media, all together. Dispatch
   * gives a webhook 2 s; this leaves it time to render and answer (an apology, if it comes to that).
   */
  FLOW_RUNTIME_DEADLINE_MS: z.coerce.number().int().min(100).max(10_000).default(1500),
  /** At most this much of a turn waits for media; then the built-in wording is spoken instead. */
  FLOW_RUNTIME_PROMPT_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(400),
  /** How long a prompt stays cached (media's change events drop it sooner). */
  FLOW_RUNTIME_PROMPT_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** How long publishing a version waits for media to confirm its prompts exist. */
  FLOW_RUNTIME_PUBLISH_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2000),
  /** Sessions (a call's turns and replies) are kept this long for support questions, then deleted. */
  FLOW_RUNTIME_SESSION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
});
export type FlowRuntimeConfig = z.infer<typeof FlowRuntimeEnvSchema>;

export const FLOW_RUNTIME_CONFIG = Symbol('FLOW_RUNTIME_CONFIG');

export const flowRuntimeConfigProvider = {
  provide: FLOW_RUNTIME_CONFIG,
  useFactory: (): FlowRuntimeConfig => loadEnv(FlowRuntimeEnvSchema),
};
