import { loadEnv } from '@tp/platform';
import { z } from 'zod';

/** The presence app's own settings (besides the platform's), validated at boot. */
export const PresenceEnvSchema = z.object({
  /**
   * The longest each replica sleeps between looks for agents whose hours ran out: it sleeps until
   * the next expiry and is woken when one is set, so this is a safety net only (ADR 25).
   */
  PRESENCE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(20).max(600_000).default(10_000),
  /** The expiry scheduler's LISTEN connection: PostgreSQL itself; set it when `DATABASE_URL` goes through PgBouncer. */
  PRESENCE_EXPIRY_LISTEN_URL: z.url().optional(),
  /** Agents claimed per expiry transaction. */
  PRESENCE_SWEEP_BATCH: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Batches each replica works on at once (SKIP LOCKED keeps them disjoint); helps a burst. */
  PRESENCE_SWEEP_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(2),
  /** Live boards (`GET /v1/presence/stream`) one replica serves at once; more get a 503. */
  PRESENCE_STREAM_MAX_CLIENTS: z.coerce.number().int().min(1).max(10_000).default(500),
  /** How often an open board gets a comment line, so that proxies keep it open. */
  PRESENCE_STREAM_HEARTBEAT_MS: z.coerce.number().int().min(100).max(60_000).default(15_000),
  /** A board that resumes further behind than this many stream messages gets a fresh snapshot. */
  PRESENCE_STREAM_MAX_REPLAY: z.coerce.number().int().min(0).max(10_000_000).default(100_000),
});
export type PresenceConfig = z.infer<typeof PresenceEnvSchema>;

export const PRESENCE_CONFIG = Symbol('PRESENCE_CONFIG');

export const presenceConfigProvider = {
  provide: PRESENCE_CONFIG,
  useFactory: (): PresenceConfig => loadEnv(PresenceEnvSchema),
};
