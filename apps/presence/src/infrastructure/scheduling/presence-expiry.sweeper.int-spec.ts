import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmOptions, loadEnv, migrateApp, ormSettings, PlatformEnvSchema } from '@tp/platform';
import { createTestDatabase } from '@tp/stack-harness';
import { presenceApp } from '../../presence.app';
import { PresenceExpirySweeper } from './presence-expiry.sweeper';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const HOUR = 3_600_000;

describe(PresenceExpirySweeper.name, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase('sweeper');
    const settings = ormSettings(presenceApp, { ...loadEnv(PlatformEnvSchema, {}), DATABASE_URL: db.url });
    await migrateApp(settings);
    orm = await MikroORM.init(createOrmOptions({ ...settings, poolMax: 8 }));
  });

  beforeEach(async () => {
    await orm.em
      .fork()
      .execute(
        `truncate "presence"."agent_presence", "presence"."timed_session", "presence"."outbox_message"`,
      );
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  /** `n` agents who went online at T0 (sequence 1, an open session) until T0 + hours(i). */
  async function seed(
    n: number,
    hours: (i: number) => number,
    state: 'online' | 'busy' = 'online',
    prefix = 'a',
  ): Promise<void> {
    const rows = Array.from({ length: n }, (_, i) => ({
      agent_id: `${prefix}${i}`,
      expires_at: new Date(T0.getTime() + hours(i) * HOUR).toISOString(),
    }));
    const em = orm.em.fork();
    await em.execute(
      `insert into "presence"."agent_presence" (tenant_id, agent_id, state, expires_at, sequence, last_reason, changed_at, expired_while_busy)
       select 'acme', agent_id, ?, expires_at, 1, 'login', ?, false
         from jsonb_to_recordset(?::jsonb) as v(agent_id text, expires_at timestamptz)`,
      [state, T0, JSON.stringify(rows)],
    );
    await em.execute(
      `insert into "presence"."timed_session" (id, tenant_id, agent_id, hours, start_reason, started_at, planned_end_at)
       select gen_random_uuid(), 'acme', agent_id, 1, 'login', ?, expires_at
         from jsonb_to_recordset(?::jsonb) as v(agent_id text, expires_at timestamptz)`,
      [T0, JSON.stringify(rows)],
    );
  }

  const count = async (sql: string): Promise<number> =>
    Number((await orm.em.fork().execute<{ n: string }[]>(sql))[0].n);

  it('expires only the agents who are due, once, with their event and their session ended', async () => {
    await seed(10, (i) => (i < 6 ? 1 : 3));
    const sweeper = new PresenceExpirySweeper(orm.em, 4);

    const first = await sweeper.sweepAll(new Date(T0.getTime() + 2 * HOUR));
    const again = await sweeper.sweepAll(new Date(T0.getTime() + 2 * HOUR));

    expect(first).toEqual({ expired: 6, breaksEnded: 0, deferred: 0, claimed: 6 });
    expect(again).toEqual({ expired: 0, breaksEnded: 0, deferred: 0, claimed: 0 });
    expect(
      await count(
        `select count(*) n from "presence"."agent_presence" where state = 'offline' and sequence = 2 and last_reason = 'expired'`,
      ),
    ).toBe(6);
    expect(
      await count(
        `select count(*) n from "presence"."timed_session" where end_reason = 'expired' and ended_at is not null`,
      ),
    ).toBe(6);
    const events = await orm.em
      .fork()
      .execute<{ type: string; payload: { data: { sequence: number; reason: string; state: string } } }[]>(
        `select type, payload from "presence"."outbox_message" order by id`,
      );
    expect(events).toHaveLength(6);
    expect(
      new Set(
        events.map(
          (e) => `${e.type}/${e.payload.data.state}/${e.payload.data.reason}/${e.payload.data.sequence}`,
        ),
      ),
    ).toEqual(new Set(['timedpresence.presence.agent-went-offline.v1/offline/expired/2']));
  });

  it('tells how late after their expiry each agent it set offline was, once the batch committed', async () => {
    await seed(3, (i) => i + 1); // due at T0 + 1 h, + 2 h, + 3 h
    await seed(1, () => 1, 'busy', 'b'); // hours ran out during a call: not set offline now
    const sweeper = new PresenceExpirySweeper(orm.em, 10);
    const late: number[] = [];

    await sweeper.sweepOnce(new Date(T0.getTime() + 2 * HOUR + 1500), (s) => late.push(s));

    expect(late.sort((a, b) => a - b)).toEqual([1.5, 3601.5]);
  });

  it('lets two replicas sweep at once without ever expiring an agent twice', async () => {
    await seed(3000, () => 1);
    const replicas = [new PresenceExpirySweeper(orm.em, 100), new PresenceExpirySweeper(orm.em, 100)];
    const now = new Date(T0.getTime() + 2 * HOUR);

    const results = await Promise.all(replicas.map((r) => r.sweepAll(now)));

    expect(results[0].expired + results[1].expired).toBe(3000);
    expect(results.every((r) => r.expired > 0)).toBe(true); // both did part of the work
    expect(await count(`select count(*) n from "presence"."outbox_message"`)).toBe(3000);
    expect(
      await count(`select count(distinct payload->'data'->>'agentId') n from "presence"."outbox_message"`),
    ).toBe(3000);
    expect(await count(`select count(*) n from "presence"."agent_presence" where state <> 'offline'`)).toBe(
      0,
    );
  });

  it('catches up at once after downtime: everyone due since is set offline in the first round', async () => {
    await seed(2500, (i) => 1 + (i % 5));
    const sweeper = new PresenceExpirySweeper(orm.em, 1000);

    const result = await sweeper.sweepAll(new Date(T0.getTime() + 48 * HOUR));

    expect(result.expired).toBe(2500);
    expect(await count(`select count(*) n from "presence"."agent_presence" where state = 'offline'`)).toBe(
      2500,
    );
  });

  it('keeps a busy agent busy at expiry, once, to go offline when the call ends', async () => {
    await seed(3, () => 1, 'busy');
    const sweeper = new PresenceExpirySweeper(orm.em);

    const first = await sweeper.sweepAll(new Date(T0.getTime() + 2 * HOUR));
    const second = await sweeper.sweepAll(new Date(T0.getTime() + 3 * HOUR));

    expect(first).toEqual({ expired: 0, breaksEnded: 0, deferred: 3, claimed: 3 });
    expect(second).toEqual({ expired: 0, breaksEnded: 0, deferred: 0, claimed: 0 });
    expect(
      await count(
        `select count(*) n from "presence"."agent_presence" where state = 'busy' and expired_while_busy and sequence = 1`,
      ),
    ).toBe(3);
    expect(await count(`select count(*) n from "presence"."outbox_message"`)).toBe(0);
  });

  it('ends a break that is over: online until the original expiry, or offline (expired) when it passed meanwhile', async () => {
    const em = orm.em.fork();
    const breakEnd = new Date(T0.getTime() + HOUR / 4);
    // ann: on a break until T0 + 15 min, online until T0 + 8 h; bob: same break, his expiry at T0 + 10 min;
    // cy: on a break until T0 + 2 h (not over yet).
    await em.execute(
      `insert into "presence"."agent_presence"
         (tenant_id, agent_id, state, expires_at, break_ends_at, sequence, last_reason, changed_at, expired_while_busy)
       values ('acme', 'ann', 'on-break', ?, ?, 2, 'break-started', ?, false),
              ('acme', 'bob', 'on-break', ?, ?, 2, 'break-started', ?, false),
              ('acme', 'cy', 'on-break', ?, ?, 2, 'break-started', ?, false)`,
      [
        new Date(T0.getTime() + 8 * HOUR),
        breakEnd,
        T0,
        new Date(T0.getTime() + HOUR / 6),
        breakEnd,
        T0,
        new Date(T0.getTime() + 8 * HOUR),
        new Date(T0.getTime() + 2 * HOUR),
        T0,
      ],
    );
    await em.execute(
      `insert into "presence"."timed_session" (id, tenant_id, agent_id, hours, start_reason, started_at, planned_end_at)
       values (gen_random_uuid(), 'acme', 'ann', 8, 'login', ?, ?)`,
      [T0, new Date(T0.getTime() + 8 * HOUR)],
    );
    const sweeper = new PresenceExpirySweeper(orm.em);

    const early = await sweeper.sweepAll(new Date(breakEnd.getTime() - 1));
    const due = await sweeper.sweepAll(breakEnd);

    expect(early).toEqual({ expired: 0, breaksEnded: 0, deferred: 0, claimed: 0 });
    expect(due).toEqual({ expired: 1, breaksEnded: 1, deferred: 0, claimed: 2 });
    const rows = await orm.em.fork().execute<
      {
        agent_id: string;
        state: string;
        expires_at: Date | string | null;
        break_ends_at: Date | string | null;
        last_reason: string;
        sequence: number;
      }[]
    >(`select agent_id, state, expires_at, break_ends_at, last_reason, sequence from "presence"."agent_presence" order by agent_id`);
    const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
    expect(
      rows.map((r) => ({ ...r, expires_at: iso(r.expires_at), break_ends_at: iso(r.break_ends_at) })),
    ).toEqual([
      {
        agent_id: 'ann',
        state: 'online',
        expires_at: new Date(T0.getTime() + 8 * HOUR).toISOString(),
        break_ends_at: null,
        last_reason: 'break-ended',
        sequence: 3,
      },
      {
        agent_id: 'bob',
        state: 'offline',
        expires_at: null,
        break_ends_at: null,
        last_reason: 'expired',
        sequence: 3,
      },
      {
        agent_id: 'cy',
        state: 'on-break',
        expires_at: new Date(T0.getTime() + 8 * HOUR).toISOString(),
        break_ends_at: new Date(T0.getTime() + 2 * HOUR).toISOString(),
        last_reason: 'break-started',
        sequence: 2,
      },
    ]);
    const events = await orm.em
      .fork()
      .execute<{ type: string; payload: { data: Record<string, unknown> } }[]>(
        `select type, payload from "presence"."outbox_message" order by payload->'data'->>'agentId'`,
      );
    expect(events.map((e) => [e.type, e.payload.data])).toEqual([
      [
        'timedpresence.presence.agent-presence-changed.v1',
        expect.objectContaining({
          agentId: 'ann',
          state: 'online',
          reason: 'break-ended',
          breakEndsAt: null,
          expiresAt: new Date(T0.getTime() + 8 * HOUR).toISOString(),
          sequence: 3,
        }),
      ],
      [
        'timedpresence.presence.agent-went-offline.v1',
        expect.objectContaining({ agentId: 'bob', state: 'offline', reason: 'expired', breakEndsAt: null }),
      ],
    ]);
    // The end of a break is no end of ann's timed session.
    expect(await count(`select count(*) n from "presence"."timed_session" where ended_at is null`)).toBe(1);
  });
});
