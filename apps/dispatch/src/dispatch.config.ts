import { Secret, type TwilioCredentials } from '@tp/dispatch-domain';
import type { RoutingPolicy } from '@tp/routing-domain';
import { loadEnv } from '@tp/platform';
import { z } from 'zod';

/** Used outside production only, so that a laptop needs no setting; production refuses it. */
const DEV_TOKEN_ENCRYPTION_KEY = Buffer.from('timed-presence-dev-only-key-0000').toString('base64');
const DEV_PUBLIC_BASE_URL = 'http://127.0.0.1:3000';

function publicBaseUrl(value: string, ctx: z.core.$RefinementCtx<string | undefined>): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be an absolute URL such as https://voice.example.com' });
    return z.NEVER;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    ctx.addIssue({ code: 'custom', message: 'must be an http(s) URL' });
  if (url.search || url.hash || url.username || url.password)
    ctx.addIssue({ code: 'custom', message: 'must have no query, fragment or credentials' });
  // Kept as typed (Twilio signs the URL exactly as configured, host case included), without the
  // trailing slash: `https://voice.example.com/dispatch/` -> `https://voice.example.com/dispatch`.
  return value.trim().replace(/\/+$/, '');
}

/** The dispatch app's own variables (besides the platform's), validated at boot. */
export const DispatchEnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    /**
     * Where Twilio reaches this app (behind the ingress): every webhook signature is checked
     * against this URL + path + query, never against Host or X-Forwarded-*; action and callback
     * URLs are built from it. Required in production (https).
     */
    PUBLIC_BASE_URL: z
      .string()
      .optional()
      .transform((value, ctx) => (value === undefined ? undefined : publicBaseUrl(value, ctx))),
    /** The platform's Twilio account (numbers mapped with twilioAccount "platform"); both or neither. */
    TWILIO_ACCOUNT_SID: z
      .string()
      .regex(/^AC[0-9a-f]{32}$/, 'must be AC followed by 32 hex digits')
      .optional(),
    TWILIO_AUTH_TOKEN: z.string().min(8, 'must be at least 8 characters').optional(),
    /** Twilio's REST API; a test double's URL in tests. */
    TWILIO_API_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
    /** AES-256-GCM key for the tenants' Auth Tokens: 32 bytes, base64. */
    TWILIO_TOKEN_ENCRYPTION_KEY: z.string().optional(),
    /** Every Twilio webhook answers within this, with an apology if it must. */
    DISPATCH_WEBHOOK_DEADLINE_MS: z.coerce.number().int().min(100).max(10_000).default(2000),
    /**
     * New calls (`/twilio/voice`) are answered with the apology at once while this many flow
     * webhooks are in flight in this replica: a login storm beyond what it can answer within the
     * deadline degrades (some callers told to try again) instead of everyone waiting for nothing.
     */
    DISPATCH_MAX_WEBHOOKS_IN_FLIGHT: z.coerce.number().int().min(1).max(100_000).default(100),
    /** Routing offers no call to an agent whose hours end within this many minutes. */
    DISPATCH_ROUTING_EXPIRY_MARGIN_MINUTES: z.coerce.number().int().min(0).max(240).default(5),
    /** How long an agent's phone rings for an offer before it is a miss (Twilio's `Timeout`). */
    DISPATCH_RING_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(120).default(20),
    /** How long the screening waits for the agent's key after the whisper. */
    DISPATCH_SCREENING_TIMEOUT_SECONDS: z.coerce.number().int().min(2).max(30).default(8),
    /** Misses in a row after which an agent goes offline as `unreachable`. */
    DISPATCH_MAX_CONSECUTIVE_MISSES: z.coerce.number().int().min(1).max(20).default(3),
    /** After a routed call ends, the agent stays busy this long before being offered again. */
    DISPATCH_WRAP_UP_SECONDS: z.coerce.number().int().min(0).max(600).default(10),
    /** How often each replica looks for waiting calls to offer, offers to give up and wrap-ups that ended. */
    DISPATCH_ROUTING_TICK_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
    /**
     * While nothing is in flight (no waiting call, open offer, wrap-up or dequeue) the ticker sleeps
     * this long instead, woken when a call is queued (ADR 25): a safety net only.
     */
    DISPATCH_ROUTING_IDLE_TICK_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    /**
     * Whether each replica chooses agents from its own copy of the routing read model (ADR 16);
     * `false` chooses with the SQL statement alone (every choice scans the table).
     */
    DISPATCH_ROUTING_AGENT_COPY: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    /**
     * Where the copy LISTENs for changes: PostgreSQL itself, never a transaction-mode pooler
     * (PgBouncer drops LISTEN). Unset: `DATABASE_URL`.
     */
    DISPATCH_ROUTING_COPY_LISTEN_URL: z.url().optional(),
    /** Each tenant's copy is read afresh this often, whatever the notifications said (a safety net). */
    DISPATCH_ROUTING_COPY_RELOAD_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
    /** Whether a waiting caller hears "You are number N in line" before the hold prompt. */
    DISPATCH_ANNOUNCE_QUEUE_POSITION: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
  })
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    if (production && !env.PUBLIC_BASE_URL)
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: 'must be set in production' });
    if (production && env.PUBLIC_BASE_URL && !env.PUBLIC_BASE_URL.startsWith('https://'))
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: 'must be https in production' });
    if ((env.TWILIO_ACCOUNT_SID === undefined) !== (env.TWILIO_AUTH_TOKEN === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [env.TWILIO_ACCOUNT_SID === undefined ? 'TWILIO_ACCOUNT_SID' : 'TWILIO_AUTH_TOKEN'],
        message: 'must be set together with the other (the platform account has both or neither)',
      });
    const key = env.TWILIO_TOKEN_ENCRYPTION_KEY;
    if (key === undefined) {
      if (production)
        ctx.addIssue({
          code: 'custom',
          path: ['TWILIO_TOKEN_ENCRYPTION_KEY'],
          message: 'must be set in production (32 random bytes, base64: `openssl rand -base64 32`)',
        });
    } else if (key === DEV_TOKEN_ENCRYPTION_KEY && production) {
      ctx.addIssue({
        code: 'custom',
        path: ['TWILIO_TOKEN_ENCRYPTION_KEY'],
        message: 'must be a key of your own in production',
      });
    } else if (!/^[A-Za-z0-9+/]{43}=$/.test(key) || Buffer.from(key, 'base64').length !== 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['TWILIO_TOKEN_ENCRYPTION_KEY'],
        message: 'must be 32 bytes in base64 (44 characters: `openssl rand -base64 32`)',
      });
    }
  })
  .transform((env) => ({
    publicBaseUrl: env.PUBLIC_BASE_URL ?? DEV_PUBLIC_BASE_URL,
    platformAccount:
      env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
        ? ({
            owner: 'platform',
            accountSid: env.TWILIO_ACCOUNT_SID,
            authToken: new Secret(env.TWILIO_AUTH_TOKEN),
          } satisfies TwilioCredentials)
        : null,
    twilioApiBaseUrl: env.TWILIO_API_BASE_URL.replace(/\/+$/, ''),
    tokenEncryptionKey: new Secret(env.TWILIO_TOKEN_ENCRYPTION_KEY ?? DEV_TOKEN_ENCRYPTION_KEY),
    webhookDeadlineMs: env.DISPATCH_WEBHOOK_DEADLINE_MS,
    maxWebhooksInFlight: env.DISPATCH_MAX_WEBHOOKS_IN_FLIGHT,
    routingPolicy: {
      expiryMarginMinutes: env.DISPATCH_ROUTING_EXPIRY_MARGIN_MINUTES,
    } satisfies RoutingPolicy,
    routingAgentCopy: {
      enabled: env.DISPATCH_ROUTING_AGENT_COPY,
      listenUrl: env.DISPATCH_ROUTING_COPY_LISTEN_URL ?? null,
      reloadMs: env.DISPATCH_ROUTING_COPY_RELOAD_SECONDS * 1000,
    } satisfies RoutingAgentCopySettings,
    offers: {
      ringTimeoutS: env.DISPATCH_RING_TIMEOUT_SECONDS,
      screeningTimeoutS: env.DISPATCH_SCREENING_TIMEOUT_SECONDS,
      maxConsecutiveMisses: env.DISPATCH_MAX_CONSECUTIVE_MISSES,
      wrapUpS: env.DISPATCH_WRAP_UP_SECONDS,
      tickMs: env.DISPATCH_ROUTING_TICK_MS,
      announcePosition: env.DISPATCH_ANNOUNCE_QUEUE_POSITION,
    } satisfies OfferPolicy,
    routingIdleTickMs: env.DISPATCH_ROUTING_IDLE_TICK_MS,
  }));

/** Each replica's copy of the routing agents (ADR 16). */
export interface RoutingAgentCopySettings {
  readonly enabled: boolean;
  /** The PostgreSQL URL to LISTEN on; null: the app's database URL. */
  readonly listenUrl: string | null;
  readonly reloadMs: number;
}

/** How offers are made, per deployment. */
export interface OfferPolicy {
  readonly ringTimeoutS: number;
  readonly screeningTimeoutS: number;
  readonly maxConsecutiveMisses: number;
  readonly wrapUpS: number;
  readonly tickMs: number;
  readonly announcePosition: boolean;
}
export type DispatchConfig = z.output<typeof DispatchEnvSchema>;

export const DISPATCH_CONFIG = Symbol('DISPATCH_CONFIG');

export const dispatchConfigProvider = {
  provide: DISPATCH_CONFIG,
  useFactory: (): DispatchConfig => loadEnv(DispatchEnvSchema),
};
