import { uniqueSuffix, startTestApp, waitFor, type TestApp } from '@tp/stack-harness';
import { Client } from 'pg';
import { presenceApp } from '../../presence.app';
import { PresenceExpiryScheduler } from './presence-expiry.scheduler';

/** Far longer than any wait below: an expiry on time means the scheduler woke for it. */
const SAFETY_INTERVAL_MS = '60000';

describe(`${PresenceExpiryScheduler.name} sleeping until the next expiry (real clock, PostgreSQL, NATS)`, () => {
  let stack: TestApp;
  let scheduler: PresenceExpiryScheduler;
  let db: Client;
  let tenant: string;
  const previous = process.env.PRESENCE_SWEEP_INTERVAL_MS;

  beforeAll(async () => {
    process.env.PRESENCE_SWEEP_INTERVAL_MS = SAFETY_INTERVAL_MS;
    stack = await startTestApp(presenceApp);
    scheduler = stack.app.get(PresenceExpiryScheduler);
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  });

  beforeEach(async () => {
    tenant = `t-${uniqueSuffix()}`;
    await waitFor(() => scheduler.listening, 10_000, 'the scheduler to listen');
  });

  afterAll(async () => {
    if (previous === undefined) delete process.env.PRESENCE_SWEEP_INTERVAL_MS;
    else process.env.PRESENCE_SWEEP_INTERVAL_MS = previous;
    await db?.end();
    await stack?.close();
  });

  /** An agent online until `seconds` from now, written as another replica would (no in-process signal). */
  async function onlineFor(agentId: string, seconds: number): Promise<Date> {
    const { rows } = await db.query<{ expires_at: Date }>(
      `insert into presence.agent_presence
         (tenant_id, agent_id, state, expires_at, sequence, last_reason, changed_at, expired_while_busy)
       values ($1, $2, 'online', now() + make_interval(secs => $3), 1, 'login', now(), false)
       returning expires_at`,
      [tenant, agentId, seconds],
    );
    return rows[0].expires_at;
  }

  async function state(agentId: string): Promise<{ state: string; last_reason: string; changed_at: Date }> {
    const { rows } = await db.query<{ state: string; last_reason: string; changed_at: Date }>(
      'select state, last_reason, changed_at from presence.agent_presence where tenant_id = $1 and agent_id = $2',
      [tenant, agentId],
    );
    return rows[0];
  }

  it('sets an agent offline at their expiry, woken by the expiry being set, not by its safety interval', async () => {
    await onlineFor('far', 3600);
    const expiresAt = await onlineFor('ann', 2);

    await waitFor(async () => (await state('ann')).state === 'offline', 15_000, "ann's expiry");

    const ann = await state('ann');
    expect(ann.last_reason).toBe('expired');
    expect(ann.changed_at.getTime()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect((await state('far')).state).toBe('online');
  });

  it('listens again after its connection is killed, and still wakes for a new expiry', async () => {
    const pidOf = async () =>
      (
        await db.query<{ pid: number }>(
          `select pid from pg_stat_activity where datname = current_database() and application_name = 'presence-expiry'`,
        )
      ).rows.map((r) => r.pid);
    const [first] = await pidOf();
    expect(first).toEqual(expect.any(Number));
    await db.query('select pg_terminate_backend($1)', [first]);
    await waitFor(
      async () => scheduler.listening && (await pidOf()).some((pid) => pid !== first),
      15_000,
      'the scheduler to listen again',
    );
    // Let the round that follows listening again settle, so what follows is woken by the new expiry.
    await waitFor(() => !scheduler.busy, 10_000, 'the round on listening again');

    await onlineFor('bob', 2);

    await waitFor(async () => (await state('bob')).state === 'offline', 15_000, "bob's expiry");
    expect((await state('bob')).last_reason).toBe('expired');
  });
});
