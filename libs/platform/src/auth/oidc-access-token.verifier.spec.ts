import type { JWTPayload, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import { claimAt, OidcAccessTokenVerifier, type OidcSettings } from './oidc-access-token.verifier';

const SETTINGS: OidcSettings = {
  issuer: 'https://idp.example',
  audience: 'https://api.example',
  tenantClaim: 'tenant',
  rolesClaim: 'roles',
  adminRole: 'admin',
};

describe(OidcAccessTokenVerifier.name, () => {
  let sign: (
    claims: JWTPayload,
    options?: { key?: 'other'; alg?: string; expiresIn?: string },
  ) => Promise<string>;
  let verifier: OidcAccessTokenVerifier;
  let keys: JWTVerifyGetKey;

  beforeAll(async () => {
    const jose = await import('jose');
    const provider = await jose.generateKeyPair('RS256', { extractable: true });
    const stranger = await jose.generateKeyPair('RS256', { extractable: true });
    const publicJwk = { ...(await jose.exportJWK(provider.publicKey)), kid: 'k1', alg: 'RS256' };
    keys = jose.createLocalJWKSet({ keys: [publicJwk] });
    verifier = new OidcAccessTokenVerifier(SETTINGS, { keys });
    sign = (claims, options = {}) =>
      new jose.SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '5m')
        .sign(options.key === 'other' ? stranger.privateKey : provider.privateKey);
  });

  const good = { iss: SETTINGS.issuer, aud: SETTINGS.audience, sub: 'u-1', tenant: 'acme', roles: ['admin'] };

  it('takes the tenant and the subject from a good token', async () => {
    await expect(verifier.verify(await sign(good))).resolves.toEqual({
      tid: 'acme',
      sub: 'u-1',
      scope: 'admin',
    });
  });

  it.each([
    ['an expired token', () => sign(good, { expiresIn: '-1m' }), 'AUTH.CREDENTIAL_EXPIRED', 401],
    ['a token signed with another key', () => sign(good, { key: 'other' }), 'AUTH.INVALID_CREDENTIAL', 401],
    ['another issuer', () => sign({ ...good, iss: 'https://evil.example' }), 'AUTH.INVALID_CREDENTIAL', 401],
    [
      'another audience',
      () => sign({ ...good, aud: 'https://other.example' }),
      'AUTH.INVALID_CREDENTIAL',
      401,
    ],
    ['no subject', () => sign({ ...good, sub: undefined }), 'AUTH.INVALID_CREDENTIAL', 401],
    ['no tenant', () => sign({ ...good, tenant: undefined }), 'AUTH.NO_TENANT', 403],
    ['a tenant that is no slug', () => sign({ ...good, tenant: 'Acme.>' }), 'AUTH.NO_TENANT', 403],
    ['no admin role', () => sign({ ...good, roles: ['agent'] }), 'AUTH.NOT_ADMIN', 403],
    ['no roles at all', () => sign({ ...good, roles: undefined }), 'AUTH.NOT_ADMIN', 403],
    ['garbage', () => Promise.resolve('not.a.jwt'), 'AUTH.INVALID_CREDENTIAL', 401],
    [
      'alg none',
      () =>
        Promise.resolve(
          `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(good)).toString('base64url')}.`,
        ),
      'AUTH.INVALID_CREDENTIAL',
      401,
    ],
  ])('refuses %s', async (_case, token, code, status) => {
    await expect(verifier.verify(await token())).rejects.toMatchObject({ code, status });
  });

  it('reads roles from a space-separated string and claims from a dotted path', async () => {
    const keycloak = new OidcAccessTokenVerifier(
      { ...SETTINGS, tenantClaim: 'org.id', rolesClaim: 'realm_access.roles', adminRole: 'tp-admin' },
      { keys },
    );
    const token = await sign({ ...good, org: { id: 'globex' }, realm_access: { roles: 'agent tp-admin' } });

    await expect(keycloak.verify(token)).resolves.toMatchObject({ tid: 'globex' });
  });

  it('reads a claim whose name has dots as it is first', () => {
    expect(claimAt({ 'https://x.example/tenant': 'acme' }, 'https://x.example/tenant')).toBe('acme');
    expect(claimAt({ a: { b: ['x'] } }, 'a.b')).toEqual(['x']);
    expect(claimAt({ a: 'flat' }, 'a.b')).toBeUndefined();
  });

  it('says the provider is unavailable when its discovery document cannot be read', async () => {
    const offline = new OidcAccessTokenVerifier(SETTINGS, {
      fetchJson: () => Promise.reject(new TypeError('fetch failed')),
    });

    await expect(offline.verify(await sign(good))).rejects.toMatchObject({
      code: 'AUTH.PROVIDER_UNAVAILABLE',
      status: 503,
    });
  });

  it('refuses a discovery document of another issuer', async () => {
    const confused = new OidcAccessTokenVerifier(SETTINGS, {
      fetchJson: () =>
        Promise.resolve({ issuer: 'https://evil.example', jwks_uri: 'https://evil.example/jwks' }),
    });

    await expect(confused.verify(await sign(good))).rejects.toMatchObject({
      code: 'AUTH.PROVIDER_UNAVAILABLE',
    });
  });
});
