import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { GetTenant } from '@tp/contracts';
import { callRpc } from '@tp/platform';
import { startTestApp, TEST_NATS_URL, uniqueSuffix, type TestApp } from '@tp/testing/integration';
import { Client } from 'pg';
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
    const db = new Client({ connectionString: identity.databaseUrl });
    await db.connect();
    await db.query(
      `insert into identity.tenant (id, display_name, created_at) values ($1, 'Acme Corp', '2026-12-07T10:00:00Z')`,
      [tenant],
    );
    await db.end();
  });

  afterAll(async () => {
    await client?.close();
    await identity?.close();
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
    expect(read.json()).toEqual({
      id: tenant,
      displayName: 'Acme Europe',
      createdAt: '2026-12-07T10:00:00.000Z',
    });
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
