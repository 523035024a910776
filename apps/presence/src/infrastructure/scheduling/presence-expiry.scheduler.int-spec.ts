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

  it('ends a break at its end, woken by the break end being set, back online until the original expiry', async () => {
    const expiresAt = await onlineFor('cleo', 3600);
    await waitFor(() => !scheduler.busy, 10_000, 'the round on the new expiry');

    // cleo starts a break (only the break end changes, as a save of the aggregate writes it)
    const { rows } = await db.query<{ break_ends_at: Date }>(
      `update presence.agent_presence
          set state = 'on-break', break_ends_at = now() + interval '2 seconds', sequence = 2,
              last_reason = 'break-started', changed_at = now()
        where tenant_id = $1 and agent_id = 'cleo' returning break_ends_at`,
      [tenant],
    );

    await waitFor(async () => (await state('cleo')).state === 'online', 15_000, "the end of cleo's break");
    const cleo = await db.query<{
      last_reason: string;
      changed_at: Date;
      expires_at: Date;
      break_ends_at: Date | null;
    }>(
      `select last_reason, changed_at, expires_at, break_ends_at from presence.agent_presence
        where tenant_id = $1 and agent_id = 'cleo'`,
      [tenant],
    );
    expect(cleo.rows[0]).toMatchObject({
      last_reason: 'break-ended',
      expires_at: expiresAt,
      break_ends_at: null,
    });
    expect(cleo.rows[0].changed_at.getTime()).toBeGreaterThanOrEqual(rows[0].break_ends_at.getTime());
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
