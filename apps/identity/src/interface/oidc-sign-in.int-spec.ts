import { loadEnv, mintPlatformAdminToken, PlatformEnvSchema, type ErrorBody } from '@tp/platform';
import {
  oidcEnv,
  startTestApp,
  startTestIdentityProvider,
  uniqueSuffix,
  waitFor,
  type TestApp,
  type TestIdentityProvider,
} from '@tp/stack-harness';
import { identityApp } from '../identity.app';

/**
 * Admins signed in through a real OpenID Connect provider (oidc-provider, in this process) against
 * identity on the real PostgreSQL and NATS: the guard verifies the provider's access tokens by its
 * JWKS, takes the tenant and the admin role from their claims, and lets in only tenants set up here.
 */
describe('identity: admins signed in through the OpenID Connect provider', () => {
  const savedEnv = { ...process.env };
  const tenantA = `a${uniqueSuffix()}`;
  const tenantB = `b${uniqueSuffix()}`;
  let provider: TestIdentityProvider;
  let identity: TestApp;

  beforeAll(async () => {
    provider = await startTestIdentityProvider({
      consoleUrl: 'http://127.0.0.1:3005',
      accounts: [
        { id: 'ada', tenant: tenantA, roles: ['admin'], name: 'Ada Admin' },
        { id: 'bea', tenant: tenantB, roles: ['admin'] },
        { id: 'gus', tenant: `ghost-${tenantA}`, roles: ['admin'] },
        { id: 'al', tenant: tenantA, roles: ['agent'] },
        { id: 'nils', roles: ['admin'] },
        { id: 'brief', tenant: tenantA, roles: ['admin'], accessTokenTtlSeconds: 4 },
      ],
    });
    Object.assign(process.env, oidcEnv(provider));
    identity = await startTestApp(identityApp);
    const platform = platformToken();
    for (const [id, displayName] of [
      [tenantA, 'Tenant A'],
      [tenantB, 'Tenant B'],
    ]) {
      const created = await request(platform, 'POST', '/v1/tenants', { id, displayName });
      expect(created.status).toBe(201);
    }
  });

  afterAll(async () => {
    await identity?.close();
    await provider?.stop();
    process.env = savedEnv;
  });

  function platformToken(): string {
    const env = loadEnv(PlatformEnvSchema);
    return mintPlatformAdminToken(env.AUTH_JWT_SECRET, {
      subject: 'int-spec',
      issuer: env.AUTH_JWT_ISSUER,
      ttlSeconds: 300,
    });
  }

  async function request(
    token: string,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
  ): Promise<{ status: number; body: ErrorBody & Record<string, unknown> }> {
    const response = await identity.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });
    return { status: response.statusCode, body: response.json() };
  }

  const signedIn = async (account: string) => (await provider.signIn(account)).accessToken;

  it("lets tenant A's admin read and change A's users, and shows none of B's", async () => {
    const ada = await signedIn('ada');
    const bUser = await request(identity.tokenFor(tenantB), 'POST', '/v1/users', {
      name: 'Bea Agent',
      email: 'bea@b.example',
    });
    const aUser = await request(ada, 'POST', '/v1/users', { name: 'Ann Agent', email: 'ann@a.example' });

    const list = await request(ada, 'GET', '/v1/users');
    const reachB = await request(ada, 'GET', `/v1/users/${String(bUser.body.id)}`);
    const tenant = await request(ada, 'GET', '/v1/tenant');

    expect([bUser.status, aUser.status]).toEqual([201, 201]);
    expect((list.body.items as { id: string }[]).map((u) => u.id)).toEqual([aUser.body.id]);
    expect(reachB.status).toBe(404);
    expect(tenant.body).toMatchObject({ id: tenantA, displayName: 'Tenant A' });
  });

  it('still takes our HS256 credentials (scripts, services)', async () => {
    const response = await request(identity.tokenFor(tenantB), 'GET', '/v1/users');

    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([expect.objectContaining({ name: 'Bea Agent' })]);
  });

  it('refuses an admin of a tenant that is not set up, saying so', async () => {
    const response = await request(await signedIn('gus'), 'GET', '/v1/users');

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      code: 'AUTH.UNKNOWN_TENANT',
      message: `tenant 'ghost-${tenantA}' is not set up on this platform`,
    });
  });

  it.each([
    ['without the admin role', 'al', 403, 'AUTH.NOT_ADMIN'],
    ['without a tenant claim', 'nils', 403, 'AUTH.NO_TENANT'],
  ])('refuses a user %s', async (_case, account, status, code) => {
    const response = await request(await signedIn(account), 'GET', '/v1/users');

    expect(response.status).toBe(status);
    expect(response.body.code).toBe(code);
  });

  it('refuses a token signed with a key the provider never published', async () => {
    const response = await request(await provider.forgeAccessToken('ada'), 'GET', '/v1/users');

    expect(response.status).toBe(401);
    expect(response.body.code).toBe('AUTH.INVALID_CREDENTIAL');
  });

  it('refuses a token the provider issued for another audience', async () => {
    const { accessToken } = await provider.signIn('ada', { resource: 'https://other.example' });

    const response = await request(accessToken, 'GET', '/v1/users');

    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({
      code: 'AUTH.INVALID_CREDENTIAL',
      message: expect.stringMatching(/aud/),
    });
  });

  it('refuses a token once it has expired', async () => {
    const { accessToken, expiresAt } = await provider.signIn('brief');
    const before = await request(accessToken, 'GET', '/v1/users');

    await waitFor(() => Date.now() >= (expiresAt + 1) * 1000, 10_000, 'the token to expire');
    const after = await request(accessToken, 'GET', '/v1/users');

    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('AUTH.CREDENTIAL_EXPIRED');
  });

  it('lets a platform admin set up and list tenants, and no tenant admin', async () => {
    const id = `c${uniqueSuffix()}`;
    const byOidcAdmin = await request(await signedIn('ada'), 'POST', '/v1/tenants', { id, displayName: 'C' });
    const byTenantAdmin = await request(identity.tokenFor(tenantA), 'GET', '/v1/tenants');
    const byPlatform = await request(platformToken(), 'POST', '/v1/tenants', { id, displayName: 'C' });
    const listed = await request(platformToken(), 'GET', '/v1/tenants');

    expect(byOidcAdmin.status).toBe(401);
    expect(byTenantAdmin.status).toBe(403);
    expect(byPlatform.status).toBe(201);
    expect((listed.body.tenants as { id: string }[]).map((t) => t.id)).toEqual(
      expect.arrayContaining([tenantA, tenantB, id]),
    );
  });
});
