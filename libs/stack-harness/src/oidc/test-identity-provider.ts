/**
 * A real OpenID Connect provider for tests: the certified `oidc-provider`, in this process, on a
 * free port of 127.0.0.1. It knows a public client for the console (authorization code + PKCE),
 * issues JWT access tokens for one audience carrying the tenant and roles claims, and signs people
 * in with its development login form (the login name is the account id; any password).
 *
 * Configure the apps with `oidcEnv(provider)` and the console with `consoleOidcEnv(provider)`; drive
 * the real sign-in without a browser with `provider.signIn(accountId)`. In a browser the console
 * redirects to the provider's login form: type the account id as login, any password, submit
 * (no consent screen); signing out needs no click at the provider.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { JWK } from 'jose' with { 'resolution-mode': 'import' };
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider' with { 'resolution-mode': 'import' };
import { freeTcpPort } from '../stack';
import { driveSignIn, type SignInResult } from './sign-in';

export interface TestAccount {
  /** The login name on the provider's form, and the token's `sub`. */
  id: string;
  /** The tenant claim's value; leave it out for an account of no tenant. */
  tenant?: string;
  /** The roles claim (an admin has `admin`). */
  roles: string[];
  name?: string;
  email?: string;
  /** Lifetime of this account's access tokens (default: the provider's, 10 minutes). */
  accessTokenTtlSeconds?: number;
}

export interface TestIdentityProviderOptions {
  accounts: TestAccount[];
  /** The console's origin: the client's redirect is `<consoleUrl>/auth/callback`. */
  consoleUrl: string;
  /** The `aud` of access tokens (what the apps' `AUTH_OIDC_AUDIENCE` says). */
  audience?: string;
  clientId?: string;
  tenantClaim?: string;
  rolesClaim?: string;
  accessTokenTtlSeconds?: number;
}

export interface TestIdentityProvider {
  /** `http://127.0.0.1:<port>`: the apps' `AUTH_OIDC_ISSUER`, the console's authority. */
  issuer: string;
  clientId: string;
  audience: string;
  tenantClaim: string;
  rolesClaim: string;
  /** The provider's key set (also in its discovery document). */
  jwksUrl: string;
  /** Signs an account in through the real flow over HTTP (login form, code, PKCE); its tokens. */
  signIn(accountId: string, options?: { resource?: string }): Promise<SignInResult>;
  /**
   * An access token exactly like the provider's, for an account, but signed with a key the
   * provider never published: what a forger could make.
   */
  forgeAccessToken(accountId: string): Promise<string>;
  /** Lets more accounts sign in from now on (an account id already known is replaced). */
  addAccounts(more: TestAccount[]): void;
  stop(): Promise<void>;
}

export const DEFAULT_TEST_AUDIENCE = 'https://api.timed-presence.test';

const SCOPES = ['openid', 'profile', 'email', 'offline_access'];

export async function startTestIdentityProvider(
  options: TestIdentityProviderOptions,
): Promise<TestIdentityProvider> {
  // The package announces its development features (and that Node 20 is older than it likes) on
  // the console while it loads and starts; a test's output does not need that.
  const { default: Provider, jose } = await quietly(async () => ({
    ...(await import('oidc-provider')),
    jose: await import('jose'),
  }));
  const accounts = new Map(options.accounts.map((a) => [a.id, a]));
  const audience = options.audience ?? DEFAULT_TEST_AUDIENCE;
  const clientId = options.clientId ?? 'console';
  const tenantClaim = options.tenantClaim ?? 'tenant';
  const rolesClaim = options.rolesClaim ?? 'roles';
  const consoleUrl = options.consoleUrl.replace(/\/+$/, '');
  const port = await freeTcpPort();
  const issuer = `http://127.0.0.1:${port}`;

  const signingKey = await jose.generateKeyPair('RS256', { extractable: true });
  const privateJwk: JWK = {
    ...(await jose.exportJWK(signingKey.privateKey)),
    kid: 'test-key',
    alg: 'RS256',
    use: 'sig',
  };
  const tokenClaims = (account: TestAccount) => ({
    ...(account.tenant === undefined ? {} : { [tenantClaim]: account.tenant }),
    [rolesClaim]: account.roles,
  });

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        token_endpoint_auth_method: 'none',
        application_type: 'web',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [`${consoleUrl}/auth/callback`],
        post_logout_redirect_uris: [`${consoleUrl}/`],
        scope: SCOPES.join(' '),
      },
    ],
    jwks: { keys: [privateJwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    scopes: SCOPES,
    claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, name: account.name ?? id, email: account.email }),
      };
    },
    // The console is first party: no consent screen, the grant covers what it asks for.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const existing = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(oidc.client!.clientId);
      if (existing) return oidc.provider.Grant.find(existing);
      const grant = new oidc.provider.Grant({
        clientId: oidc.client!.clientId,
        accountId: oidc.session!.accountId,
      });
      const scope = oidc.params?.scope;
      grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
      const resource = oidc.params?.resource;
      for (const indicator of [audience, ...(typeof resource === 'string' ? [resource] : [])]) {
        grant.addResourceScope(indicator, 'api');
      }
      await grant.save();
      return grant;
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Sign-in error</title><h1>${escapeHtml(String(out.error))}</h1><p>${escapeHtml(String(out.error_description ?? ''))}</p>`;
    },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        // Any resource gets a JWT for it (so a test can ask for a token of another audience).
        getResourceServerInfo: (_ctx, resourceIndicator) => ({
          audience: resourceIndicator,
          scope: 'api',
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
      // Signing out needs no click at the provider: its form submits itself (logout=yes ends the
      // provider's session too) and the browser goes back to `<consoleUrl>/`.
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ctx.type = 'html';
          ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing out</title></head><body>${form.replace(
            '</form>',
            '<input type="hidden" name="logout" value="yes"/></form>',
          )}<noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript><script>document.getElementById('op.logoutForm').submit()</script></body></html>`;
        },
      },
    },
    extraTokenClaims: (_ctx, token) => {
      const account = accounts.get((token as { accountId?: string }).accountId ?? '');
      return account ? tokenClaims(account) : undefined;
    },
    ttl: {
      AccessToken: (_ctx, token) =>
        accounts.get((token as { accountId?: string }).accountId ?? '')?.accessTokenTtlSeconds ??
        options.accessTokenTtlSeconds ??
        600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Grant: 3600,
      Session: 3600,
      RefreshToken: 3600,
    },
  };

  const provider = await quietly(() => Promise.resolve(new Provider(issuer, configuration)));
  const server: Server = await new Promise((resolve, reject) => {
    const listening = provider.listen(port, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const forger = await jose.generateKeyPair('RS256');

  return {
    issuer,
    clientId,
    audience,
    tenantClaim,
    rolesClaim,
    jwksUrl: `${issuer}/jwks`,
    addAccounts: (more) => more.forEach((account) => accounts.set(account.id, account)),
    signIn: (accountId, signInOptions = {}) =>
      driveSignIn({
        issuer,
        clientId,
        redirectUri: `${consoleUrl}/auth/callback`,
        accountId,
        resource: signInOptions.resource,
      }),
    forgeAccessToken: async (accountId) => {
      const account = accounts.get(accountId);
      if (!account) throw new Error(`no account ${accountId}`);
      return new jose.SignJWT({ ...tokenClaims(account), client_id: clientId, scope: 'api' })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(accountId)
        .setJti(randomBytes(8).toString('hex'))
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(forger.privateKey);
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Runs `work` with the package's own console notices (lines starting `oidc-provider `) dropped. */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const { warn, info } = console;
  const filter =
    (write: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === 'string' && /oidc-provider (WARNING|NOTICE)/.test(args[0])) return;
      write(...args);
    };
  console.warn = filter(warn);
  console.info = filter(info);
  try {
    return await work();
  } finally {
    console.warn = warn;
    console.info = info;
  }
}

/**
 * The console server's variables for signing in with this provider (`CONSOLE_OIDC_*`). The
 * provider's `consoleUrl` must be the console's origin as the browser reaches it, since the client's
 * redirect is `<consoleUrl>/auth/callback` exactly.
 */
export function consoleOidcEnv(provider: TestIdentityProvider): Record<string, string> {
  return {
    CONSOLE_OIDC_ISSUER: provider.issuer,
    CONSOLE_OIDC_CLIENT_ID: provider.clientId,
    CONSOLE_OIDC_SCOPE: 'openid profile email',
    CONSOLE_OIDC_RESOURCE: provider.audience,
  };
}

/** The apps' variables for trusting this provider (`AUTH_OIDC_*`). */
export function oidcEnv(provider: TestIdentityProvider): Record<string, string> {
  return {
    AUTH_OIDC_ISSUER: provider.issuer,
    AUTH_OIDC_AUDIENCE: provider.audience,
    AUTH_OIDC_TENANT_CLAIM: provider.tenantClaim,
    AUTH_OIDC_ROLES_CLAIM: provider.rolesClaim,
  };
}
