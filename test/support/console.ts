/**
 * The console end to end, for the browser tests: the whole test stack (test/support/stack.ts), the
 * built console server (`dist/apps/console/src/main.js`, serving the built SPA and forwarding
 * `/api/<app>/...` to the five apps), a real OpenID Connect provider the apps and the console trust
 * (the stack harness's test identity provider), and one headless Chromium (test/support/browser.ts).
 * Helpers sign an admin in by the provider's login form or by the local sign-in link, set up
 * tenants as a platform admin would, and mint the credentials an attacker or a stale tab would hold.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { mintAdminToken, mintPlatformAdminToken } from '@tp/platform';
import {
  consoleOidcEnv,
  oidcEnv,
  startTestIdentityProvider,
  waitFor,
  type TestAccount,
  type TestIdentityProvider,
} from '@tp/stack-harness';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { freeTcpPort, repositoryRoot } from '../../libs/stack-harness/src/stack';
import { launchBrowser, type TestBrowser } from './browser';
import { startTestStack, type StackApp, type TestStack } from './stack';

/** The apps' admin credentials are HS256 tokens of this issuer (as the stack mints them). */
const AUTH_JWT_ISSUER = 'timed-presence';
const UPSTREAM_VARIABLE: Record<StackApp, string> = {
  identity: 'CONSOLE_UPSTREAM_IDENTITY',
  media: 'CONSOLE_UPSTREAM_MEDIA',
  'flow-runtime': 'CONSOLE_UPSTREAM_FLOW_RUNTIME',
  presence: 'CONSOLE_UPSTREAM_PRESENCE',
  dispatch: 'CONSOLE_UPSTREAM_DISPATCH',
};

export interface ConsoleStack {
  stack: TestStack;
  provider: TestIdentityProvider;
  browser: TestBrowser;
  /** The console's origin, e.g. `http://127.0.0.1:20123`. */
  url: string;
  /** Creates a tenant through identity's `POST /v1/tenants`, as a platform admin. */
  createTenant(id: string, displayName?: string): Promise<void>;
  /** Lets a tenant map one of the platform's numbers (dispatch's `POST /v1/contact-points`, as a platform admin). */
  assignContactPoint(phoneNumber: string, tenantId: string): Promise<void>;
  /** A tenant admin credential signed with the apps' secret, valid for `ttlSeconds` (negative: already expired). */
  credential(tenantId: string, ttlSeconds?: number): string;
  /** The same credential signed with a secret the apps do not know. */
  forgedCredential(tenantId: string): string;
  /** A new browser context (its own storage), 1280x800, en-US. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Calls an app's admin API directly (not through the console) as the tenant's admin. */
  api<T = unknown>(app: StackApp, path: string, tenantId: string): Promise<T>;
  close(): Promise<void>;
}

export interface ConsoleStackOptions {
  /** The provider's accounts (login name = id, any password). */
  accounts: TestAccount[];
}

export async function startConsoleStack(label: string, options: ConsoleStackOptions): Promise<ConsoleStack> {
  const secret = randomBytes(32).toString('hex');
  const port = await freeTcpPort();
  const url = `http://127.0.0.1:${port}`;
  let provider: TestIdentityProvider | undefined;
  let stack: TestStack | undefined;
  let server: ChildProcess | undefined;
  let browser: TestBrowser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await stack?.close();
    await provider?.stop();
  };
  try {
    provider = await startTestIdentityProvider({ accounts: options.accounts, consoleUrl: url });
    const trust = oidcEnv(provider);
    browser = await launchBrowser();
    stack = await startTestStack(label, { authJwtSecret: secret, env: trust });
    server = startConsoleServer(port, stack, provider);
    const output = collect(server);
    const started = server;
    await waitFor(
      async () => {
        if (started.exitCode !== null) throw new Error(`the console server exited:\n${output()}`);
        return (await fetch(`${url}/health/ready`).catch(() => null))?.ok === true;
      },
      20_000,
      'the console server to be ready',
    );
  } catch (error) {
    await close();
    throw error;
  }
  const ready = { stack, provider, browser };

  const asPlatformAdmin = async (target: string, body: unknown): Promise<void> => {
    const platform = mintPlatformAdminToken(secret, {
      subject: 'e2e',
      issuer: AUTH_JWT_ISSUER,
      ttlSeconds: 600,
    });
    const response = await fetch(target, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${target}: HTTP ${response.status} ${await response.text()}`);
  };
  const credential = (tenantId: string, ttlSeconds = 3600) =>
    mintAdminToken(secret, { tenantId, subject: `admin@${tenantId}`, issuer: AUTH_JWT_ISSUER, ttlSeconds });
  return {
    ...ready,
    url,
    credential,
    forgedCredential: (tenantId) =>
      mintAdminToken(randomBytes(32).toString('hex'), {
        tenantId,
        subject: `admin@${tenantId}`,
        issuer: AUTH_JWT_ISSUER,
        ttlSeconds: 3600,
      }),
    createTenant: async (id, displayName = id) =>
      asPlatformAdmin(`${ready.stack.urls.identity}/v1/tenants`, { id, displayName }),
    assignContactPoint: async (phoneNumber, tenantId) =>
      asPlatformAdmin(`${ready.stack.urls.dispatch}/v1/contact-points`, { phoneNumber, tenantId }),
    newPage: async (contextOptions = {}) => {
      const context = await ready.browser.browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'en-US',
        ...contextOptions,
      });
      context.setDefaultTimeout(10_000);
      return context.newPage();
    },
    api: async <T>(app: StackApp, path: string, tenantId: string): Promise<T> => {
      const base = ready.stack.urls[app === 'flow-runtime' ? 'flowRuntime' : app];
      const response = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${credential(tenantId)}` },
      });
      if (!response.ok) throw new Error(`${app} ${path}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    },
    close,
  };
}

function startConsoleServer(port: number, stack: TestStack, provider: TestIdentityProvider): ChildProcess {
  const root = repositoryRoot();
  const upstreams = Object.fromEntries(
    (Object.keys(UPSTREAM_VARIABLE) as StackApp[]).map((app) => [
      UPSTREAM_VARIABLE[app],
      `http://127.0.0.1:${stack.ports[app]}`,
    ]),
  );
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'console', 'src', 'main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      CONSOLE_HTTP_PORT: String(port),
      ...consoleOidcEnv(provider),
      CONSOLE_LOCAL_SIGN_IN: 'true',
      ...upstreams,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.exitCode === null && child.kill('SIGKILL'));
  return child;
}

function collect(child: ChildProcess): () => string {
  let out = '';
  const keep = (chunk: Buffer) => (out = (out + chunk.toString()).slice(-64 * 1024));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => out;
}

/** Signs in through the OpenID provider's own login form (login = account id), back to `returnTo`. */
export async function signInThroughProvider(
  page: Page,
  consoleUrl: string,
  accountId: string,
): Promise<void> {
  await page.goto(`${consoleUrl}/signin`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('input[name="login"]').fill(accountId);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((u) => u.origin === consoleUrl && u.pathname === '/users');
}

/** Signs in with the local link `npm start` prints (`/signin#credential=...`). */
export async function signInWithLink(page: Page, consoleUrl: string, credential: string): Promise<void> {
  await page.goto(`${consoleUrl}/signin#credential=${credential}`);
  await page.waitForURL((u) => u.pathname === '/users');
}

/**
 * Retries an assertion until it passes (every 50 ms, up to `timeoutMs`), then throws its last
 * failure: `expect.poll` for Jest, for what a page shows once its requests have answered.
 */
export async function eventually(assertion: () => unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What a locator shows, with every kind of white space (Intl's narrow no-break space too) as one space. */
export async function shownText(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/gu, ' ').trim();
}
