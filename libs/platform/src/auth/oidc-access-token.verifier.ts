import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import type { JWTPayload, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import type { AdminClaims } from './admin-token';

/** How the apps trust an OpenID Connect provider's access tokens (from `AUTH_OIDC_*`). */
export interface OidcSettings {
  issuer: string;
  audience: string;
  /** Where the provider's public keys are; default: `jwks_uri` of its discovery document. */
  jwksUrl?: string;
  tenantClaim: string;
  rolesClaim: string;
  adminRole: string;
}

/** Why an access token was refused: `code` and `status` are what the API answers. */
export class OidcTokenRefused extends Error {
  constructor(
    readonly code: string,
    readonly status: 401 | 403 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'OidcTokenRefused';
  }
}

// jose ships only ES modules: loaded once, by a dynamic import (Node 20 runs it; jest transforms it).
let jose: Promise<typeof Jose> | undefined;
const loadJose = () => (jose ??= import('jose'));

/** Signature algorithms a provider signs access tokens with (never a shared-secret one). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** A claim by name; a name with dots that is not a claim itself is followed into objects. */
export function claimAt(payload: JWTPayload, name: string): unknown {
  if (name in payload) return payload[name];
  let value: unknown = payload;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Roles as a list, whether the provider sends an array or a space-separated string. */
function rolesOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((r): r is string => typeof r === 'string');
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  return [];
}

const TENANT = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Verifies an access token (a JWT) of the OpenID Connect provider: signature by the provider's
 * JWKS (fetched once, refetched by jose when a token names a key it does not have), issuer,
 * audience, expiry; then the tenant claim and the admin role. Never logs or returns the token.
 */
export class OidcAccessTokenVerifier {
  private keys: Promise<JWTVerifyGetKey> | undefined;

  /** `keys` replaces the provider's remote key set (a test's local one); `fetchJson` reads discovery. */
  constructor(
    private readonly settings: OidcSettings,
    options: { keys?: JWTVerifyGetKey; fetchJson?: (url: string) => Promise<unknown> } = {},
  ) {
    if (options.keys) this.keys = Promise.resolve(options.keys);
    this.fetchJson = options.fetchJson ?? defaultFetchJson;
  }

  private readonly fetchJson: (url: string) => Promise<unknown>;

  async verify(token: string): Promise<AdminClaims> {
    const { jwtVerify, errors } = await loadJose();
    const keys = await this.jwks();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) {
        throw new OidcTokenRefused('AUTH.CREDENTIAL_EXPIRED', 401, 'the sign-in has expired; sign in again');
      }
      if (error instanceof errors.JWKSTimeout || isNetworkError(error)) {
        throw new OidcTokenRefused(
          'AUTH.PROVIDER_UNAVAILABLE',
          503,
          "the identity provider's keys cannot be fetched now; try again",
        );
      }
      throw new OidcTokenRefused(
        'AUTH.INVALID_CREDENTIAL',
        401,
        `invalid credential: ${error instanceof Error ? error.message : 'unverifiable token'}`,
      );
    }
    const tenant = claimAt(payload, this.settings.tenantClaim);
    if (typeof tenant !== 'string' || !TENANT.test(tenant)) {
      throw new OidcTokenRefused(
        'AUTH.NO_TENANT',
        403,
        `the sign-in names no tenant (claim '${this.settings.tenantClaim}')`,
      );
    }
    if (!rolesOf(claimAt(payload, this.settings.rolesClaim)).includes(this.settings.adminRole)) {
      throw new OidcTokenRefused(
        'AUTH.NOT_ADMIN',
        403,
        `the signed-in user is not an admin (role '${this.settings.adminRole}' missing from claim '${this.settings.rolesClaim}')`,
      );
    }
    return { tid: tenant, sub: payload.sub!, scope: 'admin' };
  }

  /**
   * Loads jose and the provider's keys ahead of the first sign-in (which would otherwise wait for
   * both); a provider that is not reachable yet is simply asked again by the first request.
   */
  async prepare(): Promise<void> {
    const keys = (await this.jwks()) as JWTVerifyGetKey & { reload?: () => Promise<void> };
    await keys.reload?.();
  }

  /** The provider's key set: from `AUTH_OIDC_JWKS_URL`, or its discovery document (asked once). */
  private jwks(): Promise<JWTVerifyGetKey> {
    this.keys ??= (async () => {
      const { createRemoteJWKSet } = await loadJose();
      const url = this.settings.jwksUrl ?? (await this.discoveredJwksUrl());
      return createRemoteJWKSet(new URL(url), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    })();
    // A provider that was down when asked is asked again by the next request.
    this.keys.catch(() => (this.keys = undefined));
    return this.keys.catch(() => {
      throw new OidcTokenRefused(
        'AUTH.PROVIDER_UNAVAILABLE',
        503,
        "the identity provider's discovery document cannot be read now; try again",
      );
    });
  }

  private async discoveredJwksUrl(): Promise<string> {
    const url = `${this.settings.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const document = (await this.fetchJson(url)) as { issuer?: unknown; jwks_uri?: unknown };
    if (document.issuer !== this.settings.issuer || typeof document.jwks_uri !== 'string') {
      throw new Error(`${url} is not the discovery document of ${this.settings.issuer}`);
    }
    return document.jwks_uri;
  }
}

function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

async function defaultFetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}
