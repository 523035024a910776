import type { NatsConnection } from '@nats-io/nats-core';
import { connectNats } from '@tp/platform';
import { createTestDatabase, readStream, TEST_NATS_URL, uniqueSuffix, waitFor } from '@tp/stack-harness';
import { Client } from 'pg';
import { freePort, run, type Running } from './support/processes';

const AGENTS = 10_000;

/**
 * The presence process is killed (SIGKILL) in the middle of a burst of expiries and started again:
 * every due agent must end offline, and every offline event must be published exactly once.
 */
describe('presence expiry survives a killed process', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pg: Client;
  let nc: NatsConnection;
  const tenant = `crash-${uniqueSuffix()}`;
  const running: Running[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('crash');
    const migrate = run(['dist/apps/presence/src/main.js', 'migrate'], { DATABASE_URL: db.url });
    expect((await migrate.exited).code).toBe(0);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    nc = await connectNats(TEST_NATS_URL, 'crash-e2e');
  });

  afterAll(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    await pg?.end();
    await nc?.drain();
    await db?.drop();
  });

  const count = async (sql: string) => Number((await pg.query<{ n: string }>(sql)).rows[0].n);

  async function start(): Promise<Running> {
    const app = run(['dist/apps/presence/src/main.js'], {
      DATABASE_URL: db.url,
      PRESENCE_HTTP_PORT: String(await freePort()),
      PRESENCE_SWEEP_BATCH: '50',
      OUTBOX_POLL_MS: '50',
      LOG_LEVEL: 'warn',
    });
    running.push(app);
    return app;
  }

  it('sets every due agent offline and publishes each offline event exactly once', async () => {
    await pg.query(
      `insert into presence.agent_presence (tenant_id, agent_id, state, expires_at, sequence, last_reason, changed_at, expired_while_busy)
       select $1, 'agent-' || i, 'online', now() - interval '1 minute', 1, 'login', now() - interval '2 hours', false
         from generate_series(1, $2::int) as i`,
      [tenant, AGENTS],
    );

    const first = await start();
    let offlineAtKill = 0;
    await waitFor(
      async () => {
        offlineAtKill = await count(`select count(*) n from presence.agent_presence where state = 'offline'`);
        return offlineAtKill > 0;
      },
      30_000,
      'the first expiries',
    );
    first.child.kill('SIGKILL');
    await first.exited;
    offlineAtKill = await count(`select count(*) n from presence.agent_presence where state = 'offline'`);
    expect(offlineAtKill).toBeGreaterThan(0);
    expect(offlineAtKill).toBeLessThan(AGENTS); // killed in the middle of the burst

    const second = await start();
    await waitFor(
      async () =>
        (await count(`select count(*) n from presence.agent_presence where state <> 'offline'`)) === 0 &&
        (await count(`select count(*) n from presence.outbox_message where sent_at is null`)) === 0,
      60_000,
      'all agents offline and all events relayed',
    );
    second.child.kill('SIGTERM');
    await second.exited;

    const published = await readStream(nc, 'PRESENCE_EVENTS', `presence.evt.${tenant}.>`);
    const agents = new Set(published.map((m) => (m.event.data as { agentId: string }).agentId));
    expect(published).toHaveLength(AGENTS);
    expect(agents.size).toBe(AGENTS);
    expect(
      new Set(published.map((m) => `${m.event.type} ${(m.event.data as { reason: string }).reason}`)),
    ).toEqual(new Set(['timedpresence.presence.agent-went-offline.v1 expired']));
    expect(await count(`select count(*) n from presence.outbox_message`)).toBe(AGENTS);
  });
});
