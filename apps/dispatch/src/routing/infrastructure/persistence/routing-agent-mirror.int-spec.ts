import { EntityManager } from '@mikro-orm/postgresql';
import { SystemClock } from '@tp/ddd';
import { startTestApp, uniqueSuffix, waitFor, type TestApp } from '@tp/stack-harness';
import { Client } from 'pg';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';
import { dispatchApp } from '../../../dispatch.app';
import { PostgresAgentReservations } from './postgres-agent-reservations';
import { RESERVATION_SWEEP_MS, RoutingAgentMirror } from './routing-agent-mirror';
import { textArrayLiteral } from './routing-agent.store';

const APP = { name: 'dispatch', schema: 'dispatch' };

/**
 * Each replica's copy of `routing_agent` (ADR 16) against the real PostgreSQL: it follows the
 * table through the trigger's notifications, choosing from it never holds one agent twice across
 * replicas, another replica's release is learned by the sweep, and while the listening connection
 * is down choosing falls back to SQL and the copy is loaded afresh on reconnecting.
 */
describe('dispatch: the routing copy of each replica', () => {
  const suffix = uniqueSuffix();
  let dispatch: TestApp;
  let em: EntityManager;
  let config: DispatchConfig;
  let pg: Client;
  const others: RoutingAgentMirror[] = [];

  beforeAll(async () => {
    dispatch = await startTestApp(dispatchApp);
    em = dispatch.app.get(EntityManager).fork();
    config = dispatch.app.get<DispatchConfig>(DISPATCH_CONFIG);
    pg = new Client({ connectionString: em.config.getClientUrl() });
    await pg.connect();
  });

  afterAll(async () => {
    for (const mirror of others) await mirror.stop();
    await pg?.end();
    await dispatch?.close();
  });

  /** Another dispatch replica: its own copy and reservations over the same database. */
  async function replica(
    reloadMs = config.routingAgentCopy.reloadMs,
  ): Promise<{ mirror: RoutingAgentMirror; reservations: PostgresAgentReservations }> {
    const mirror = new RoutingAgentMirror(
      em,
      APP,
      { ...config, routingAgentCopy: { ...config.routingAgentCopy, reloadMs } },
      new SystemClock(),
    );
    others.push(mirror);
    await mirror.start();
    return { mirror, reservations: new PostgresAgentReservations(em, APP, config, mirror) };
  }

  async function addAgent(
    tenant: string,
    agentId: string,
    minutesIdle: number,
    skills: string[] = ['support'],
  ): Promise<void> {
    await pg.query(
      `insert into dispatch.routing_agent (tenant_id, agent_id, state, expires_at, presence_sequence, skills,
         skills_version, status, status_version, idle_since, reserved_until, reservation_id, reservation_call, updated_at)
       values ($1, $2, 'online', now() + interval '4 hours', 1, $3::text[], 1, 'active', 1,
               now() - make_interval(mins => $4), null, null, null, now())`,
      [tenant, agentId, textArrayLiteral(skills), minutesIdle],
    );
  }

  it('follows logins, idle starts, skills and logouts through the notifications', async () => {
    const tenant = `follow-${suffix}`;
    const { mirror } = await replica();
    await waitFor(() => mirror.available);
    await addAgent(tenant, 'ada', 30);
    const index = (await mirror.index(tenant))!;
    expect(index.get('ada')).toBeDefined();

    await addAgent(tenant, 'bob', 60);
    await waitFor(async () => (await mirror.index(tenant))?.get('bob') !== undefined);
    const order = () => [...index.eligible(['support'], new Date())].map((a) => a.agentId);
    expect(order()).toEqual(['bob', 'ada']);

    await pg.query(
      `update dispatch.routing_agent set idle_since = now(), skills = '{support,sales}' where tenant_id = $1 and agent_id = 'bob'`,
      [tenant],
    );
    await waitFor(() => order()[0] === 'ada');
    expect(order()).toEqual(['ada', 'bob']);
    expect([...index.eligible(['sales'], new Date())].map((a) => a.agentId)).toEqual(['bob']);

    await pg.query(
      `update dispatch.routing_agent set state = 'offline' where tenant_id = $1 and agent_id = 'ada'`,
      [tenant],
    );
    await pg.query(`delete from dispatch.routing_agent where tenant_id = $1 and agent_id = 'bob'`, [tenant]);
    await waitFor(() => index.size === 0);
    expect(mirror.stats.refreshedAgents).toBeGreaterThanOrEqual(3);
  });

  it('two replicas choosing from their copies never hold one agent twice', async () => {
    const tenant = `race-${suffix}`;
    for (let i = 0; i < 12; i++) await addAgent(tenant, `agent-${i}`, 100 - i);
    const a = await replica();
    const b = await replica();
    await waitFor(() => a.mirror.available && b.mirror.available);
    for (let round = 0; round < 4; round++) {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? a : b).reservations.chooseAndReserve(tenant, ['support'], 30_000, new Date()),
        ),
      );
      const held = results.filter((r) => r !== null);
      expect(held).toHaveLength(12);
      expect(new Set(held.map((r) => r.agentId)).size).toBe(12);
      const { rows } = await pg.query<{ n: string }>(
        `select count(*) n from dispatch.routing_agent where tenant_id = $1 and reserved_until > now()`,
        [tenant],
      );
      expect(Number(rows[0].n)).toBe(12);
      for (const [i, r] of held.entries())
        expect(await (i % 2 === 0 ? a : b).reservations.release(r)).toBe(true);
    }
    expect(a.mirror.stats.fromCopy + b.mirror.stats.fromCopy).toBeGreaterThan(0);
  });

  it(
    "learns another replica's reservation by a failed compare-and-set, and its release by the sweep",
    async () => {
      const tenant = `sweep-${suffix}`;
      await addAgent(tenant, 'longest', 90);
      await addAgent(tenant, 'next', 30);
      const a = await replica();
      const b = await replica();
      await waitFor(() => a.mirror.available && b.mirror.available);
      expect(await b.mirror.index(tenant)).not.toBeNull(); // b has loaded the tenant: both free

      const first = await a.reservations.chooseAndReserve(tenant, ['support'], 30_000, new Date());
      expect(first?.agentId).toBe('longest');
      const conflicts = b.mirror.stats.conflicts;
      const second = await b.reservations.chooseAndReserve(tenant, ['support'], 30_000, new Date());
      expect(second?.agentId).toBe('next');
      expect(b.mirror.stats.conflicts).toBe(conflicts + 1);

      expect(await a.reservations.release(first!)).toBe(true);
      await b.reservations.release(second!);
      // b believes 'longest' held (learned from its failed attempt) until its sweep reads the release.
      await waitFor(async () => {
        const index = await b.mirror.index(tenant);
        return index?.get('longest')?.reservedUntil === null;
      });
      const third = await b.reservations.chooseAndReserve(tenant, ['support'], 30_000, new Date());
      expect(third?.agentId).toBe('longest');
      expect(b.mirror.stats.sweptReservations + b.mirror.stats.refreshedAgents).toBeGreaterThan(0);
    },
    10 * RESERVATION_SWEEP_MS + 10_000,
  );

  it('finds an agent the copy has not heard of yet, in SQL', async () => {
    const tenant = `fresh-${suffix}`;
    const { mirror, reservations } = await replica();
    await waitFor(() => mirror.available);
    expect(await reservations.chooseAndReserve(tenant, [], 30_000, new Date())).toBeNull(); // loads: empty
    const fromSql = mirror.stats.fromSql;
    // A login whose notification has not arrived: this session fires no triggers, so none ever will.
    await pg.query(`set session_replication_role = replica`);
    try {
      await addAgent(tenant, 'just-in', 0);
    } finally {
      await pg.query(`set session_replication_role = origin`);
    }
    expect((await mirror.index(tenant))?.get('just-in')).toBeUndefined();
    const chosen = await reservations.chooseAndReserve(tenant, [], 30_000, new Date());
    expect(chosen?.agentId).toBe('just-in');
    expect(mirror.stats.fromSql).toBeGreaterThan(fromSql);
  });

  it('reads each tenant afresh now and then: a change whose notification never came is seen', async () => {
    const tenant = `reload-${suffix}`;
    await addAgent(tenant, 'ada', 10);
    const { mirror } = await replica(300);
    await waitFor(() => mirror.available);
    const index = (await mirror.index(tenant))!;
    expect(index.get('ada')).toBeDefined();
    await pg.query(`set session_replication_role = replica`); // no trigger, so no notification
    try {
      await addAgent(tenant, 'bob', 20);
      await pg.query(`delete from dispatch.routing_agent where tenant_id = $1 and agent_id = 'ada'`, [
        tenant,
      ]);
    } finally {
      await pg.query(`set session_replication_role = origin`);
    }
    await waitFor(
      () => index.get('bob') !== undefined && index.get('ada') === undefined,
      5_000,
      'the reload',
    );
    expect(mirror.stats.loads).toBeGreaterThanOrEqual(2);
  });

  it('falls back to SQL while its connection is down, and loads afresh on reconnecting', async () => {
    const tenant = `reconnect-${suffix}`;
    await addAgent(tenant, 'ada', 10);
    const { mirror, reservations } = await replica();
    await waitFor(() => mirror.available);
    const r1 = await reservations.chooseAndReserve(tenant, [], 30_000, new Date());
    expect(r1?.agentId).toBe('ada');
    await reservations.release(r1!);
    const loads = mirror.stats.loads;

    const pid = mirror.listenerPid;
    expect(pid).not.toBeNull();
    const killed = await pg.query<{ done: boolean }>(`select pg_terminate_backend($1) as done`, [pid]);
    expect(killed.rows[0].done).toBe(true);
    await waitFor(() => !mirror.available);
    expect(await mirror.index(tenant)).toBeNull();
    const fromSql = mirror.stats.fromSql;
    const r2 = await reservations.chooseAndReserve(tenant, [], 30_000, new Date());
    expect(r2?.agentId).toBe('ada');
    expect(mirror.stats.fromSql).toBe(fromSql + 1);
    await reservations.release(r2!);

    await waitFor(() => mirror.available, 15_000, 'the copy to reconnect');
    expect(mirror.stats.reconnects).toBeGreaterThan(0);
    const r3 = await reservations.chooseAndReserve(tenant, [], 30_000, new Date());
    expect(r3?.agentId).toBe('ada');
    expect(mirror.stats.loads).toBeGreaterThan(loads);
  }, 30_000);
});
