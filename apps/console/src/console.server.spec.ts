import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { consoleSettings, ConsoleConfigError } from './console.config';
import { buildConsoleServer } from './console.server';

/** A stand-in app: answers every request with what it received. */
async function echoApp(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const seen: { method?: string; url?: string; headers: IncomingHttpHeaders } = {
      method: request.method,
      url: request.url,
      headers: request.headers,
    };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function builtApp(): string {
  const root = mkdtempSync(join(tmpdir(), 'console-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  return root;
}

describe('the console server', () => {
  let upstream: { url: string; server: Server };
  let server: FastifyInstance;
  const webRoot = builtApp();

  beforeAll(async () => {
    upstream = await echoApp();
    server = await buildConsoleServer(
      consoleSettings(
        {
          CONSOLE_UPSTREAM_IDENTITY: upstream.url,
          CONSOLE_UPSTREAM_DISPATCH: 'http://127.0.0.1:9', // nothing listens there
          CONSOLE_OIDC_ISSUER: 'https://id.example.com/realms/acme',
          CONSOLE_OIDC_CLIENT_ID: 'console',
          NODE_ENV: 'production',
        },
        webRoot,
      ),
    );
  });
  afterAll(async () => {
    await server.close();
    upstream.server.close();
  });

  it('forwards /api/<app>/<rest> to the app as /<rest>, with the Authorization header untouched', async () => {
    const response = await server.inject({
      method: 'POST',
      url: '/api/identity/v1/users?limit=5',
      headers: { authorization: 'Bearer abc.def.ghi', 'content-type': 'application/json' },
      payload: { name: 'Ada' },
    });

    expect(response.statusCode).toBe(200);
    const seen = response.json<{ method: string; url: string; headers: IncomingHttpHeaders }>();
    expect(seen).toMatchObject({ method: 'POST', url: '/v1/users?limit=5' });
    expect(seen.headers.authorization).toBe('Bearer abc.def.ghi');
  });

  it('says which app cannot be reached, as a 503 the page can word', async () => {
    const response = await server.inject({ method: 'GET', url: '/api/dispatch/v1/dispatch-mappings' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      code: 'CONSOLE.UPSTREAM_UNAVAILABLE',
      message: expect.stringContaining('dispatch'),
    });
  });

  it('tells the browser how to sign in, and nothing secret', async () => {
    const response = await server.inject({ method: 'GET', url: '/config.json' });

    expect(response.json()).toEqual({
      oidc: { authority: 'https://id.example.com/realms/acme', clientId: 'console', scope: 'openid profile' },
      localSignIn: false,
    });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it.each(['/', '/users', '/flows/3f2c', '/signin', '/auth/callback'])(
    'loads the app for the client route %s, under a strict Content-Security-Policy',
    async (url) => {
      const response = await server.inject({ method: 'GET', url });

      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<title>console</title>');
      expect(response.headers['content-security-policy']).toContain("script-src 'self';");
      expect(response.headers['content-security-policy']).toContain(
        "connect-src 'self' https://id.example.com",
      );
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it('caches hashed assets for a year and answers 404 for a missing file', async () => {
    const asset = await server.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    const missing = await server.inject({ method: 'GET', url: '/assets/gone-123.js' });

    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(missing.statusCode).toBe(404);
  });

  it('counts what it answered for Prometheus, by kind and status class', async () => {
    await server.inject({ method: 'GET', url: '/users' });

    const metrics = await server.inject({ method: 'GET', url: '/metrics' });

    expect(metrics.body).toMatch(
      /tp_console_http_requests_total\{kind="page",status="2xx",app="console"\} [1-9]/,
    );
  });

  it('is ready only with a built app to serve', async () => {
    const empty = await buildConsoleServer(consoleSettings({}, join(webRoot, 'nowhere')));

    expect((await server.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    expect((await empty.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(503);
    await empty.close();
  });
});

describe(consoleSettings.name, () => {
  it('defaults the upstreams to the apps’ local ports, following <APP>_HTTP_PORT', () => {
    const settings = consoleSettings({ MEDIA_HTTP_PORT: '41002' }, '/web');

    expect(settings.upstreams).toMatchObject({
      identity: 'http://127.0.0.1:3001',
      media: 'http://127.0.0.1:41002',
    });
    expect(settings).toMatchObject({ port: 3005, oidc: null, localSignIn: true });
  });

  it('turns the sign-in link off in production unless asked, and refuses an issuer without a client', () => {
    expect(consoleSettings({ NODE_ENV: 'production' }, '/web').localSignIn).toBe(false);
    expect(
      consoleSettings({ NODE_ENV: 'production', CONSOLE_LOCAL_SIGN_IN: 'true' }, '/web').localSignIn,
    ).toBe(true);
    expect(() => consoleSettings({ CONSOLE_OIDC_ISSUER: 'https://id.example.com' }, '/web')).toThrow(
      ConsoleConfigError,
    );
    expect(() => consoleSettings({ CONSOLE_UPSTREAM_MEDIA: 'not a url' }, '/web')).toThrow(
      /CONSOLE_UPSTREAM_MEDIA/,
    );
  });

  it('takes the same LOG_LEVEL as the other apps, and listens on loopback unless HTTP_HOST says otherwise', () => {
    expect(consoleSettings({ LOG_LEVEL: 'log' }, '/web').logLevel).toBe('info');
    expect(consoleSettings({ LOG_LEVEL: 'verbose' }, '/web').logLevel).toBe('trace');
    expect(consoleSettings({ LOG_LEVEL: 'warn' }, '/web').logLevel).toBe('warn');
    expect(() => consoleSettings({ LOG_LEVEL: 'loud' }, '/web')).toThrow(/LOG_LEVEL/);
    expect(consoleSettings({}, '/web').host).toBe('127.0.0.1');
    expect(consoleSettings({ HTTP_HOST: '0.0.0.0' }, '/web').host).toBe('0.0.0.0');
  });
});
