import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { ListCallers } from '@tp/contracts';
import { callRpc } from '@tp/platform';
import { startTestApp, TEST_NATS_URL, uniqueSuffix, type TestApp } from '@tp/stack-harness';
import { identityApp } from '../identity.app';

/** `identity.cmd.list-callers` over the real NATS, on users created through the admin API. */
describe('identity: list-callers over NATS', () => {
  const tenant = `t${uniqueSuffix()}`;
  let identity: TestApp;
  let client: ClientProxy;

  beforeAll(async () => {
    identity = await startTestApp(identityApp);
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [TEST_NATS_URL] } });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await identity?.close();
  });

  const admin = async (tenantId: string, method: 'POST' | 'PUT', url: string, body: object) => {
    const response = await identity.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${identity.tokenFor(tenantId)}` },
      payload: body,
    });
    expect(response.statusCode).toBeLessThan(300);
    return response.body === '' ? { id: '' } : response.json<{ id: string }>();
  };

  it("pages through the tenant's users with their numbers, zone, PIN, status and version, and no one else's", async () => {
    const ann = await admin(tenant, 'POST', '/v1/users', {
      name: 'Ann Agent',
      email: 'ann@example.com',
      timeZone: 'Europe/Paris',
      extensions: [
        { type: 'pstn', number: '+15550400001' },
        { type: 'sip', number: 'sip:ann@example.com' },
      ],
    });
    await admin(tenant, 'PUT', `/v1/users/${ann.id}/pin`, { pin: '1234' });
    const bob = await admin(tenant, 'POST', '/v1/users', { name: 'Bob Agent', email: 'bob@example.com' });
    await admin(`other-${tenant}`, 'POST', '/v1/users', {
      name: 'Eve Agent',
      email: 'eve@example.com',
      extensions: [{ type: 'pstn', number: '+15550400009' }],
    });

    const first = await callRpc(client, ListCallers, { tenantId: tenant, limit: 1 });
    const second = await callRpc(client, ListCallers, { tenantId: tenant, limit: 1, after: first.next! });
    const last = await callRpc(client, ListCallers, { tenantId: tenant, limit: 1, after: second.next! });

    const callers = [...first.callers, ...second.callers].sort((a, b) => a.name.localeCompare(b.name));
    expect(callers).toEqual([
      {
        userId: ann.id,
        version: 2,
        name: 'Ann Agent',
        timeZone: 'Europe/Paris',
        hasPin: true,
        status: 'active',
        numbers: ['+15550400001'],
      },
      {
        userId: bob.id,
        version: 1,
        name: 'Bob Agent',
        timeZone: expect.any(String) as string,
        hasPin: false,
        status: 'active',
        numbers: [],
      },
    ]);
    expect([first.callers[0].userId < second.callers[0].userId, last]).toEqual([
      true,
      { callers: [], next: null },
    ]);
  });
});
