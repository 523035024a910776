import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { GetUserContact } from '@tp/contracts';
import { callRpc } from '@tp/platform';
import { startTestApp, TEST_NATS_URL, uniqueSuffix, type TestApp } from '@tp/stack-harness';
import { identityApp } from '../identity.app';

/** `identity.cmd.get-user-contact` over the real NATS, on users created through the admin API. */
describe('identity: get-user-contact over NATS', () => {
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

  const createUser = async (body: object): Promise<string> => {
    const response = await identity.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: { authorization: `Bearer ${identity.tokenFor(tenant)}` },
      payload: body,
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  };

  it("answers a user's PSTN numbers in order, and nothing of another tenant's user", async () => {
    const userId = await createUser({
      name: 'Ann Agent',
      email: 'ann@example.com',
      extensions: [
        { type: 'pstn', number: '+1-234-567-8910' },
        { type: 'sip', number: 'sip:ann@pbx.example.com' },
        { type: 'pstn', number: '+44 20 7946 0958' },
      ],
    });

    await expect(callRpc(client, GetUserContact, { tenantId: tenant, userId })).resolves.toEqual({
      found: true,
      pstnNumbers: ['+12345678910', '+442079460958'],
    });
    await expect(callRpc(client, GetUserContact, { tenantId: `other-${tenant}`, userId })).resolves.toEqual({
      found: false,
    });
  });
});
