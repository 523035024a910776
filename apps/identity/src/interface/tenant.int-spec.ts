import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { GetTenant } from '@tp/contracts';
import { callRpc, loadEnv, mintPlatformAdminToken, PlatformEnvSchema } from '@tp/platform';
import { startTestApp, TEST_NATS_URL, uniqueSuffix, type TestApp } from '@tp/stack-harness';
import { identityApp } from '../identity.app';

/** The signed-in tenant over HTTP and `identity.cmd.get-tenant` over the real NATS and PostgreSQL. */
describe('identity: the tenant', () => {
  const tenant = `t${uniqueSuffix()}`;
  let identity: TestApp;
  let client: ClientProxy;

  beforeAll(async () => {
    identity = await startTestApp(identityApp);
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [TEST_NATS_URL] } });
    await client.connect();
    const created = await platform('POST', { id: tenant, displayName: 'Acme Corp' });
    expect(created.statusCode).toBe(201);
  });

  afterAll(async () => {
    await client?.close();
    await identity?.close();
  });

  const platformToken = () => {
    const env = loadEnv(PlatformEnvSchema);
    return mintPlatformAdminToken(env.AUTH_JWT_SECRET, {
      subject: 'int-spec',
      issuer: env.AUTH_JWT_ISSUER,
      ttlSeconds: 60,
    });
  };
  const platform = (method: 'GET' | 'POST', payload?: object, token = platformToken()) =>
    identity.app.inject({
      method,
      url: '/v1/tenants',
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    });

  const http = (tenantId: string, method: 'GET' | 'PATCH', payload?: object) =>
    identity.app.inject({
      method,
      url: '/v1/tenant',
      headers: { authorization: `Bearer ${identity.tokenFor(tenantId)}` },
      ...(payload ? { payload } : {}),
    });

  it("shows the credential's tenant, and renames it", async () => {
    const renamed = await http(tenant, 'PATCH', { displayName: '  Acme  Europe ' });
    const read = await http(tenant, 'GET');

    expect(renamed.statusCode).toBe(200);
    expect(read.json()).toEqual({ id: tenant, displayName: 'Acme Europe', createdAt: expect.any(String) });
  });

  it('names the field of a bad display name and changes nothing', async () => {
    const response = await http(tenant, 'PATCH', { displayName: ' ' });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ field: 'displayName' }] });
    expect((await http(tenant, 'GET')).json()).toMatchObject({ displayName: expect.stringMatching(/^Acme/) });
  });

  it('answers 404 for a credential of a tenant that is not set up', async () => {
    const response = await http(`ghost-${tenant}`, 'GET');

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'IDENTITY.TENANT_NOT_FOUND' });
  });

  it('lets a platform admin list tenants and refuses the same id twice', async () => {
    const again = await platform('POST', { id: tenant, displayName: 'Another' });
    const listed = await platform('GET');

    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'IDENTITY.TENANT_EXISTS' });
    expect(listed.json<{ tenants: { id: string }[] }>().tenants.map((t) => t.id)).toContain(tenant);
  });

  it('names the bad field of a new tenant and sets up nothing', async () => {
    const response = await platform('POST', { id: 'Bad.Id', displayName: 'Bad' });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ field: 'id' }] });
    expect((await platform('GET')).body).not.toContain('Bad.Id');
  });

  it('refuses tenant admins (403) and strangers (401) on the platform routes', async () => {
    const asTenant = await platform(
      'POST',
      { id: `x-${tenant}`, displayName: 'X' },
      identity.tokenFor(tenant),
    );
    const listAsTenant = await platform('GET', undefined, identity.tokenFor(tenant));
    const asStranger = await platform('GET', undefined, 'not.a.token');

    expect([asTenant.statusCode, listAsTenant.statusCode, asStranger.statusCode]).toEqual([403, 403, 401]);
    expect(asTenant.json()).toMatchObject({ code: 'AUTH.NOT_PLATFORM_ADMIN' });
    expect((await platform('GET')).body).not.toContain(`x-${tenant}`);
  });

  it('refuses the platform credential on tenant routes', async () => {
    const response = await identity.app.inject({
      method: 'GET',
      url: '/v1/tenant',
      headers: { authorization: `Bearer ${platformToken()}` },
    });

    expect(response.statusCode).toBe(401);
  });

  it('answers get-tenant over NATS, found or not', async () => {
    await expect(callRpc(client, GetTenant, { tenantId: tenant })).resolves.toEqual({
      found: true,
      tenant: { id: tenant, displayName: expect.stringMatching(/^Acme/) },
    });
    await expect(callRpc(client, GetTenant, { tenantId: `ghost-${tenant}` })).resolves.toEqual({
      found: false,
    });
  });
});
