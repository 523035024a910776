import { randomUUID } from 'node:crypto';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { GetUserSkills } from '@tp/contracts';
import { callRpc } from '@tp/platform';
import { startTestApp, TEST_NATS_URL, uniqueSuffix, type TestApp } from '@tp/stack-harness';
import { identityApp } from '../identity.app';

/** `identity.cmd.get-user-skills` over the real NATS, on users created through the admin API. */
describe('identity: get-user-skills over NATS', () => {
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

  const createUser = async (tenantId: string, body: object): Promise<string> => {
    const response = await identity.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${identity.tokenFor(tenantId)}` },
      payload: body,
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  };

  it("answers the skill names of the tenant's users asked for, and nothing of another tenant's", async () => {
    const ann = await createUser(tenant, {
      name: 'Ann Agent',
      email: 'ann@example.com',
      skills: [{ name: 'Billing' }, { name: 'spanish', proficiency: 7 }],
    });
    const bob = await createUser(tenant, { name: 'Bob Agent', email: 'bob@example.com' });
    const eve = await createUser(`other-${tenant}`, {
      name: 'Eve Agent',
      email: 'eve@example.com',
      skills: [{ name: 'Billing' }],
    });

    const reply = await callRpc(client, GetUserSkills, {
      tenantId: tenant,
      userIds: [ann, bob, eve, randomUUID(), 'not-a-uuid'],
    });

    expect([...reply.users].sort((a, b) => a.userId.localeCompare(b.userId))).toEqual(
      [
        { userId: ann, skills: ['Billing', 'spanish'] },
        { userId: bob, skills: [] },
      ].sort((a, b) => a.userId.localeCompare(b.userId)),
    );
  });
});
