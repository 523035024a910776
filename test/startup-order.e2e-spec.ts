import { randomUUID } from 'node:crypto';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { GetPresence } from '@tp/contracts';
import { callRpc, PeerUnavailable } from '@tp/platform';
import { createTestDatabase, TEST_NATS_URL } from '@tp/stack-harness';
import { freePort, run, waitUntil } from './support/processes';

/**
 * An app that is starting answers no request before its handlers are registered: requests sent
 * all through its start-up get either no answer (nobody serves the subject yet) or the real one,
 * never an error such as "No handler found for the query".
 */
describe('start-up', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let client: ClientProxy;

  beforeAll(async () => {
    db = await createTestDatabase('startup_order');
    const migrate = run(['dist/apps/presence/src/main.js', 'migrate'], { DATABASE_URL: db.url });
    expect((await migrate.exited).code).toBe(0);
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [TEST_NATS_URL] } });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await db?.drop();
  });

  it('presence answers requests sent while it starts with no answer or the real one, never an error', async () => {
    const port = await freePort();
    const outcomes: string[] = [];
    const ask = () =>
      callRpc(client, GetPresence, { tenantId: 'startup', agentId: randomUUID() }, 1000).then(
        (presence) => outcomes.push(`answered ${presence.state}`),
        (error: Error) => outcomes.push(error instanceof PeerUnavailable ? 'no answer' : error.message),
      );
    const asking = setInterval(() => void ask(), 5);
    const app = run(['dist/apps/presence/src/main.js'], {
      DATABASE_URL: db.url,
      PRESENCE_HTTP_PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    try {
      await waitUntil(() => outcomes.includes('answered offline'), 30_000, 'presence to answer');
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      clearInterval(asking);
      app.child.kill('SIGTERM');
      await app.exited;
    }
    await new Promise((r) => setTimeout(r, 1100)); // the last requests' answers or timeouts

    expect(outcomes.filter((o) => o !== 'no answer' && o !== 'answered offline')).toEqual([]);
    expect(app.stdout() + app.stderr()).not.toMatch(/No handler found/);
  });
});
