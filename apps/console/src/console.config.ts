import { z } from 'zod';

/** The five apps the console forwards `/api/<app>/...` to, with their default local ports. */
export const UPSTREAM_APPS = {
  identity: 3001,
  media: 3002,
  'flow-runtime': 3003,
  presence: 3004,
  dispatch: 3000,
} as const;
export type UpstreamApp = keyof typeof UPSTREAM_APPS;

const upstreamVariable = (app: string) => `CONSOLE_UPSTREAM_${app.replace(/-/g, '_').toUpperCase()}`;
const portVariable = (app: string) => `${app.replace(/-/g, '_').toUpperCase()}_HTTP_PORT`;

/** The other apps' (Nest's) level names in pino's words. */
const PINO_LEVEL: Record<string, string> = { verbose: 'trace', log: 'info' };

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

/** The console's settings, from the environment only. It holds no secret and no session. */
export const ConsoleEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** The same levels as the other apps (one LOG_LEVEL for the whole stack), and pino's own. */
  LOG_LEVEL: z
    .enum(['verbose', 'debug', 'log', 'warn', 'error', 'fatal', 'trace', 'info'])
    .default('log')
    .transform((level) => PINO_LEVEL[level] ?? level),
  /** The interface to listen on: loopback unless told (a container sets 0.0.0.0). */
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  CONSOLE_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3005),
  /** The built single-page app (index.html and assets/). */
  CONSOLE_WEB_ROOT: z.string().min(1).optional(),
  /** OpenID Connect issuer the browser signs in with; unset: no OIDC sign-in. */
  CONSOLE_OIDC_ISSUER: z.url().optional(),
  CONSOLE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CONSOLE_OIDC_SCOPE: z.string().min(1).default('openid profile'),
  /** Also an OIDC `resource` indicator (RFC 8707) for providers that issue JWT access tokens per API. */
  CONSOLE_OIDC_RESOURCE: z.string().min(1).optional(),
  /** The `/signin#credential=...` link (a credential minted by `npm start`); default: not in production. */
  CONSOLE_LOCAL_SIGN_IN: flag,
  ...Object.fromEntries(
    Object.keys(UPSTREAM_APPS).map((app) => [upstreamVariable(app), z.url().optional()] as const),
  ),
});

export interface ConsoleSettings {
  port: number;
  host: string;
  logLevel: string;
  webRoot: string;
  upstreams: Record<UpstreamApp, string>;
  oidc: { authority: string; clientId: string; scope: string; resource?: string } | null;
  localSignIn: boolean;
}

export class ConsoleConfigError extends Error {}

/** Reads and checks the environment; every problem names its variable. */
export function consoleSettings(env: NodeJS.ProcessEnv, defaultWebRoot: string): ConsoleSettings {
  const parsed = ConsoleEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConsoleConfigError(
      `Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
    );
  }
  const values = parsed.data as z.infer<typeof ConsoleEnvSchema> & Record<string, string | undefined>;
  if (values.CONSOLE_OIDC_ISSUER && !values.CONSOLE_OIDC_CLIENT_ID)
    throw new ConsoleConfigError(
      'Invalid configuration: CONSOLE_OIDC_CLIENT_ID must be set with CONSOLE_OIDC_ISSUER',
    );
  const upstreams = Object.fromEntries(
    Object.entries(UPSTREAM_APPS).map(([app, port]) => [
      app,
      (values[upstreamVariable(app)] ?? `http://127.0.0.1:${env[portVariable(app)] ?? port}`).replace(
        /\/$/,
        '',
      ),
    ]),
  ) as Record<UpstreamApp, string>;
  return {
    port: values.CONSOLE_HTTP_PORT,
    host: values.HTTP_HOST,
    logLevel: values.LOG_LEVEL,
    webRoot: values.CONSOLE_WEB_ROOT ?? defaultWebRoot,
    upstreams,
    oidc:
      values.CONSOLE_OIDC_ISSUER && values.CONSOLE_OIDC_CLIENT_ID
        ? {
            authority: values.CONSOLE_OIDC_ISSUER,
            clientId: values.CONSOLE_OIDC_CLIENT_ID,
            scope: values.CONSOLE_OIDC_SCOPE,
            ...(values.CONSOLE_OIDC_RESOURCE ? { resource: values.CONSOLE_OIDC_RESOURCE } : {}),
          }
        : null,
    localSignIn: values.CONSOLE_LOCAL_SIGN_IN ?? values.NODE_ENV !== 'production',
  };
}
