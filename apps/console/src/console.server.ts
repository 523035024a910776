import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyHttpProxy from '@fastify/http-proxy';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import type { ConsoleSettings } from './console.config';

/** What the browser reads first: how to sign in (no secret in it). */
export interface ConsoleClientConfig {
  oidc: ConsoleSettings['oidc'];
  localSignIn: boolean;
}

/**
 * The Content-Security-Policy of every page: scripts only from this origin (the Vite bundle), no
 * inline script, API calls to this origin and the OpenID provider, audio prompts from any https URL.
 * Inline styles stay allowed: Mantine sets its CSS variables and style props inline.
 */
export function contentSecurityPolicy(settings: ConsoleSettings): string {
  const issuer = settings.oidc ? new URL(settings.oidc.authority).origin : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${issuer ? ` ${issuer}` : ''}`,
    "media-src 'self' https:",
    `frame-src ${issuer || "'none'"}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');
}

/**
 * The console's server: the built single-page app (index.html for every client route, hashed assets
 * cached for a year), `/config.json`, health, and `/api/<app>/<rest>` forwarded to `<app>`'s `/<rest>`
 * with the Authorization header untouched. It keeps no session and no secret; the apps check every
 * credential themselves.
 */
export async function buildConsoleServer(
  settings: ConsoleSettings,
  options: FastifyServerOptions = {},
): Promise<FastifyInstance> {
  const server = Fastify({ trustProxy: true, disableRequestLogging: true, ...options });
  const csp = contentSecurityPolicy(settings);
  const indexFile = join(settings.webRoot, 'index.html');
  const clientConfig: ConsoleClientConfig = { oidc: settings.oidc, localSignIn: settings.localSignIn };

  server.addHook('onSend', (_request, reply, payload, done) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'no-referrer');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html'))
      void reply.header('content-security-policy', csp);
    done(null, payload);
  });

  // Process metrics and requests by route family, for the same scrape as the apps (no path or id in labels).
  const registry = new Registry();
  registry.setDefaultLabels({ app: 'console' });
  collectDefaultMetrics({ register: registry, prefix: 'tp_console_' });
  const requests = new Counter({
    name: 'tp_console_http_requests_total',
    help: 'Requests the console server answered, by kind (page, asset, api, config, health) and status class',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
  });
  server.addHook('onResponse', (request, reply, done) => {
    const path = request.url.split('?')[0] ?? '/';
    const kind = path.startsWith('/api/')
      ? 'api'
      : path.startsWith('/assets/')
        ? 'asset'
        : path.startsWith('/health/') || path === '/metrics'
          ? 'health'
          : path === '/config.json'
            ? 'config'
            : 'page';
    requests.inc({ kind, status: `${Math.floor(reply.statusCode / 100)}xx` });
    done();
  });
  server.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );

  server.get('/health/live', () => ({ status: 'ok' }));
  server.get('/health/ready', (_request, reply) =>
    existsSync(indexFile)
      ? { status: 'ok' }
      : reply.code(503).send({ status: 'error', reason: `no built app at ${settings.webRoot}` }),
  );
  server.get('/config.json', (_request, reply) =>
    reply.header('cache-control', 'no-store').send(clientConfig),
  );

  for (const [app, upstream] of Object.entries(settings.upstreams)) {
    await server.register(fastifyHttpProxy, {
      upstream,
      prefix: `/api/${app}`,
      rewritePrefix: '',
      http: { requestOptions: { timeout: 30_000 } },
      // The apps answer for themselves; an app that cannot be reached is a 503 the page can word.
      replyOptions: {
        onError: (reply, { error }) => {
          reply.log.warn({ app, err: error.message }, 'upstream unavailable');
          void reply.code(503).send({
            statusCode: 503,
            code: 'CONSOLE.UPSTREAM_UNAVAILABLE',
            message: `${app} cannot be reached right now; try again in a moment`,
          });
        },
      },
    });
  }

  await server.register(fastifyStatic, {
    root: settings.webRoot,
    index: false,
    preCompressed: true,
    setHeaders: (reply, path) => {
      void reply.header(
        'cache-control',
        path.includes(`${join('/', 'assets', '/')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });

  // Client routes (/users, /flows/abc, /signin, /auth/callback) all load the app.
  const sendIndex = (reply: import('fastify').FastifyReply) => {
    if (!existsSync(indexFile)) return reply.code(503).type('text/plain').send('the console is not built');
    return reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(readFileSync(indexFile));
  };
  server.get('/', (_request, reply) => sendIndex(reply));
  server.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage = request.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path);
    if (isPage) return sendIndex(reply);
    return reply.code(404).send({ statusCode: 404, code: 'HTTP.404', message: `no such path: ${path}` });
  });
  return server;
}
