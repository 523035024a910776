import { z } from 'zod';

/** Configuration comes only from environment variables, validated once at boot. */
export class ConfigValidationError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration: ${issues.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

/** What every app reads. Apps extend it with their own variables. */
export const PlatformEnvSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['verbose', 'debug', 'log', 'warn', 'error', 'fatal']).default('log'),
    LOG_FORMAT: z.enum(['json', 'text']).default('json'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
      .default('postgresql://postgres@127.0.0.1:5432/timed_presence'),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
    /**
     * The address the HTTP server listens on: the loopback interface unless told otherwise, so a
     * laptop's admin APIs are not open to its network; containers set 0.0.0.0 (deploy/Dockerfile).
     */
    HTTP_HOST: z
      .string()
      .regex(/^[0-9a-fA-F.:]+$|^[a-zA-Z0-9.-]+$/, 'must be an IP address or a host name, e.g. 0.0.0.0')
      .default('127.0.0.1'),
    /**
     * Replicas of the JetStream streams the apps create (1 on a single server; 3 on a 3-server
     * cluster, so that events survive the loss of a server). Existing streams keep theirs.
     */
    NATS_STREAM_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
    AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_JWT_SECRET),
    AUTH_JWT_ISSUER: z.string().min(1).default('timed-presence'),
    /**
     * Admins signed in through an OpenID Connect provider: its issuer (OIDC is off without it), the
     * audience its access tokens are for, where its keys are (default: the discovery document's
     * `jwks_uri`), the claim naming the tenant and the claim listing roles, of which one must be
     * the admin role. A claim name with dots (`realm_access.roles`) is followed into objects.
     */
    AUTH_OIDC_ISSUER: z.url().optional(),
    AUTH_OIDC_AUDIENCE: z.string().min(1).optional(),
    AUTH_OIDC_JWKS_URL: z.url().optional(),
    AUTH_OIDC_TENANT_CLAIM: z.string().min(1).default('tenant'),
    AUTH_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
    AUTH_OIDC_ADMIN_ROLE: z.string().min(1).default('admin'),
    /**
     * The outbox relay wakes on PostgreSQL's notification of a commit (and right after its own
     * process's writes); this is its safety poll, for a notification lost. While its listening
     * connection is down, and after a round that could not publish (NATS away, no stream leader
     * yet), it tries again after 200 ms (or this, if shorter) instead.
     */
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(5000),
    /**
     * The LISTEN connections (the relay's, and `RowChanges`'): PostgreSQL itself; set it when
     * `DATABASE_URL` goes through PgBouncer.
     */
    OUTBOX_LISTEN_URL: z.url().optional(),
    OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
    /**
     * After SIGTERM the app answers /health/ready with 503 at once and keeps serving for this long,
     * so that load balancers and Kubernetes endpoints stop sending it traffic before it closes.
     */
    SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(300_000).default(5000),
    /** Then closing (HTTP in-flight requests, NATS drain, ORM) must finish within this, or exit 1. */
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.AUTH_OIDC_ISSUER && !env.AUTH_OIDC_AUDIENCE) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_OIDC_AUDIENCE'],
        message: 'must be set when AUTH_OIDC_ISSUER is (the audience access tokens are issued for)',
      });
    }
    if (env.NODE_ENV === 'production' && env.AUTH_JWT_SECRET === DEV_JWT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_JWT_SECRET'],
        message: 'must be set to a secret of your own in production',
      });
    }
  });
export type PlatformEnv = z.infer<typeof PlatformEnvSchema>;

/** `NATS_STREAM_REPLICAS`, for code that creates streams outside Nest's configuration. */
export function streamReplicas(env: NodeJS.ProcessEnv = process.env): number {
  return PlatformEnvSchema.shape.NATS_STREAM_REPLICAS.parse(env.NATS_STREAM_REPLICAS);
}

/** Parses the environment against a schema; every problem is named by its variable. */
export function loadEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigValidationError(
    result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'} ${issue.message}`),
  );
}

/** An app's HTTP port: `<APP>_HTTP_PORT` so that all five apps can share one environment. */
export function httpPortVariable(appName: string): string {
  return `${appName.replace(/-/g, '_').toUpperCase()}_HTTP_PORT`;
}
