import { z } from 'zod';

/** The media app's own variables (besides the platform's), validated at boot. */
export const MediaEnvSchema = z.object({
  /** How long a prompt deletion waits for flow-runtime to say which flows use the prompt. */
  MEDIA_USAGE_CHECK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(2000),
});
export type MediaConfig = z.infer<typeof MediaEnvSchema>;

export const MEDIA_CONFIG = Symbol('MEDIA_CONFIG');
