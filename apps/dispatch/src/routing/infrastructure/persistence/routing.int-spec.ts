import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  AgentPresenceChangedV1,
  AgentWentOfflineV1,
  AgentWentOnlineV1,
  eventStreamName,
  eventWildcard,
  makeCloudEvent,
  UserCreatedV1,
  UserSkillsChangedV1,
  UserStatusChangedV1,
  type EventContract,
  type PresenceEventDataV1,
} from '@tp/contracts';
import { connectNats, ensureStream, PoisonMessageError } from '@tp/platform';
import { rankEligible, type RoutingAgent } from '@tp/routing-domain';
import { startTestApp, TEST_NATS_URL, uniqueSuffix, waitFor, type TestApp } from '@tp/stack-harness';
import { AgentReservations } from '../../application/ports/agent-reservations.port';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';
import { dispatchApp } from '../../../dispatch.app';
import {
  RoutingIdentityConsumer,
  RoutingPresenceConsumer,
} from '../../interface/routing-read-model.consumers';
import { eligibleWhere, LONGEST_IDLE_FIRST } from './postgres-agent-reservations';
import { RoutingAgentStore, textArrayLiteral } from './routing-agent.store';

const NOW = new Date('2030-01-01T12:00:00.000Z');
const min = (m: number) => new Date(NOW.getTime() + m * 60_000);

/**
 * Routing's read model and choose-and-reserve against the real PostgreSQL and NATS: the two durable
 * consumers follow presence and identity events (duplicates and late events included), the SQL
 * eligibility says what the domain rule says, and concurrent callers never hold one agent twice.
 */
describe('dispatch: routing read model and choose-and-reserve', () => {
  const suffix = uniqueSuffix();
  let dispatch: TestApp;
  let nc: NatsConnection;
  let js: JetStreamClient;
  let em: EntityManager;
  let reservations: AgentReservations;
  let config: DispatchConfig;
  const store = new RoutingAgentStore('dispatch');

  beforeAll(async () => {
    nc = await connectNats(TEST_NATS_URL, `dispatch-routing-test-${suffix}`);
    js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    // The streams presence and identity create; dispatch only follows them.
    await ensureStream(jsm, { name: eventStreamName('presence'), subjects: [eventWildcard('presence')] });
    await ensureStream(jsm, { name: eventStreamName('identity'), subjects: [eventWildcard('identity')] });
    dispatch = await startTestApp(dispatchApp);
    em = dispatch.app.get(EntityManager).fork();
    reservations = dispatch.app.get(AgentReservations);
    config = dispatch.app.get<DispatchConfig>(DISPATCH_CONFIG);
  });

  afterAll(async () => {
    await dispatch?.close();
    await nc?.drain();
  });

  async function publish<T>(contract: EventContract<T>, tenantId: string, data: T, id = randomUUID()) {
    const event = makeCloudEvent(contract, {
      id,
      source: 'test',
      time: new Date(),
      subject: 'agent',
      data,
    });
    // A fresh message id: JetStream keeps duplicates apart, so the consumer's inbox must catch them.
    await js.publish(contract.subjectFor(tenantId), JSON.stringify(event), { msgID: randomUUID() });
    return id;
  }

  function presence(
    tenantId: string,
    agentId: string,
    fields: Partial<PresenceEventDataV1> & Pick<PresenceEventDataV1, 'sequence'>,
  ): PresenceEventDataV1 {
    return {
      tenantId,
      agentId,
      state: 'online',
      expiresAt: min(120).toISOString(),
      reason: 'login',
      occurredAt: min(-30).toISOString(),
      ...fields,
    };
  }

  const skill = (name: string) => ({ name, proficiency: null });

  it('follows presence and identity events, dropping duplicates and late ones', async () => {
    const tenant = `follow-${suffix}`;
    const at = min(-60).toISOString();
    const base = { tenantId: tenant, userId: 'ada', occurredAt: at };
    await publish(UserCreatedV1, tenant, {
      ...base,
      version: 1,
      name: 'Ada',
      email: 'ada@example.test',
      timeZone: 'UTC',
      status: 'active',
      hasPin: false,
      skills: [skill('Support'), skill('Sales')],
      extensions: [],
    });
    const login = presence(tenant, 'ada', { sequence: 1, occurredAt: min(-30).toISOString() });
    const loginId = await publish(AgentWentOnlineV1, tenant, login);
    await publish(AgentWentOnlineV1, tenant, login, loginId); // the same event again
    await waitFor(
      async () => {
        const ada = await store.find(em, tenant, 'ada');
        return ada?.presenceSequence === 1 && ada.skillsVersion === 1;
      },
      10_000,
      'the login and the skills in the read model',
    );
    expect(await store.find(em, tenant, 'ada')).toMatchObject({
      state: 'online',
      expiresAt: min(120),
      idleSince: min(-30),
      skills: ['sales', 'support'],
      status: 'active',
    });

    const changed = AgentPresenceChangedV1;
    await publish(
      changed,
      tenant,
      presence(tenant, 'ada', { sequence: 3, state: 'busy', reason: 'call-started' }),
    );
    await publish(changed, tenant, presence(tenant, 'ada', { sequence: 2, reason: 'changed' })); // late
    await publish(
      changed,
      tenant,
      presence(tenant, 'ada', { sequence: 4, reason: 'call-ended', occurredAt: min(-5).toISOString() }),
    );
    await publish(UserSkillsChangedV1, tenant, { ...base, version: 3, skills: [skill('BILLING')] });
    await publish(UserStatusChangedV1, tenant, { ...base, version: 2, status: 'disabled' }); // late, still newest status
    await publish(UserSkillsChangedV1, tenant, { ...base, version: 2, skills: [skill('Old')] }); // late: dropped
    // Markers: each consumer applies in stream order, so these come last.
    await publish(
      AgentWentOfflineV1,
      tenant,
      presence(tenant, 'marker', { sequence: 1, state: 'offline', expiresAt: null, reason: 'admin' }),
    );
    await publish(UserStatusChangedV1, tenant, { ...base, userId: 'marker', version: 1, status: 'active' });
    await waitFor(
      async () => {
        const marker = await store.find(em, tenant, 'marker');
        return marker?.presenceSequence === 1 && marker.statusVersion === 1;
      },
      10_000,
      'the markers',
    );

    const ada = await store.find(em, tenant, 'ada');
    expect(ada).toMatchObject({
      state: 'online',
      presenceSequence: 4,
      idleSince: min(-5),
      skills: ['billing'],
      skillsVersion: 3,
      status: 'disabled',
      statusVersion: 2,
    });
    const inbox = await em.execute<{ n: string }[]>(
      `select count(*) n from dispatch.processed_event where consumer like 'dispatch-routing-%' and event_id = ?`,
      [loginId],
    );
    expect(Number(inbox[0].n)).toBe(1);
  });

  it('tells what came of each event: applied, stale, duplicate, ignored; bad data is poison', async () => {
    const tenant = `outcome-${suffix}`;
    const presenceConsumer = dispatch.app.get(RoutingPresenceConsumer);
    const identityConsumer = dispatch.app.get(RoutingIdentityConsumer);
    const event = <T>(contract: EventContract<T>, data: T, id = randomUUID()) =>
      makeCloudEvent(contract, { id, source: 'test', time: new Date(), subject: 'grace', data });
    const login = event(AgentWentOnlineV1, presence(tenant, 'grace', { sequence: 2 }));
    expect(await presenceConsumer.handle(login)).toBe('applied');
    expect(await presenceConsumer.handle(login)).toBe('duplicate');
    expect(
      await presenceConsumer.handle(
        event(AgentPresenceChangedV1, presence(tenant, 'grace', { sequence: 1 })),
      ),
    ).toBe('stale');
    expect(
      await presenceConsumer.handle({ ...login, id: randomUUID(), type: 'timedpresence.presence.other.v1' }),
    ).toBe('ignored');
    await expect(
      presenceConsumer.handle({ ...login, id: randomUUID(), data: { sequence: 'x' } }),
    ).rejects.toThrow(PoisonMessageError);
    const base = { tenantId: tenant, userId: 'grace', occurredAt: NOW.toISOString() };
    expect(
      await identityConsumer.handle(
        event(UserSkillsChangedV1, { ...base, version: 2, skills: [skill('A')] }),
      ),
    ).toBe('applied');
    expect(
      await identityConsumer.handle(
        event(UserSkillsChangedV1, { ...base, version: 1, skills: [skill('B')] }),
      ),
    ).toBe('stale');
    expect(
      await identityConsumer.handle({
        ...login,
        id: randomUUID(),
        type: 'timedpresence.identity.user-updated.v1',
      }),
    ).toBe('ignored');
    expect(await store.find(em, tenant, 'grace')).toMatchObject({
      presenceSequence: 2,
      skills: ['a'],
      state: 'online',
    });
  });

  /** Seeds rows straight into the read model (skills as given: the consumers normalise). */
  async function seed(tenant: string, agents: Partial<RoutingAgent>[]): Promise<void> {
    for (const [i, a] of agents.entries()) {
      await em.execute(
        `insert into dispatch.routing_agent (tenant_id, agent_id, state, expires_at, presence_sequence, skills,
           skills_version, status, status_version, idle_since, reserved_until, reservation_id, reservation_call, updated_at)
         values (?, ?, ?, ?, 1, ?::text[], 1, ?, 1, ?, ?, null, null, now())`,
        [
          tenant,
          a.agentId ?? `agent-${String(i).padStart(4, '0')}`,
          a.state ?? 'online',
          a.expiresAt === undefined ? min(60) : a.expiresAt,
          textArrayLiteral(a.skills ?? ['support']),
          a.status ?? 'active',
          a.idleSince === undefined ? min(-i) : a.idleSince,
          a.reservedUntil ?? null,
        ],
      );
    }
  }

  it('chooses in SQL exactly as the domain rule ranks', async () => {
    const tenant = `matrix-${suffix}`;
    const rows: Partial<RoutingAgent>[] = [];
    let i = 0;
    for (const state of ['offline', 'online', 'busy'] as const)
      for (const status of ['active', 'disabled'] as const)
        for (const reservedUntil of [null, min(-1), NOW, min(1)])
          for (const skills of [[], ['support'], ['sales', 'support']])
            for (const expiresAt of [null, min(3), min(5), min(5.5), min(60)])
              for (const idleSince of [null, min(-(i % 7)), min(-30)]) {
                rows.push({
                  agentId: `a-${String(i++).padStart(4, '0')}`,
                  state,
                  status,
                  reservedUntil,
                  skills,
                  expiresAt,
                  idleSince,
                });
              }
    await seed(tenant, rows);
    const agents = await store.list(em, tenant);
    expect(agents).toHaveLength(rows.length);
    const policy = config.routingPolicy;
    const cutoff = min(policy.expiryMarginMinutes);

    for (const required of [[], ['support'], ['SUPPORT', 'Sales'], ['billing']]) {
      const expected = rankEligible(agents, required, NOW, policy).map((a) => a.agentId);
      const sql = await em.execute<{ agent_id: string }[]>(
        `select agent_id from dispatch.routing_agent where ${eligibleWhere()} order by ${LONGEST_IDLE_FIRST}`,
        [tenant, NOW, textArrayLiteral(required.map((s) => s.toLowerCase())), cutoff],
      );
      expect(sql.map((r) => r.agent_id)).toEqual(expected);
      if (required[0] !== 'billing') expect(expected.length).toBeGreaterThan(0);

      const chosen = await reservations.chooseAndReserve(tenant, required, 30_000, NOW);
      expect(chosen?.agentId ?? null).toBe(expected[0] ?? null);
      if (chosen) expect(await reservations.release(chosen)).toBe(true);
    }
  });

  it('16 concurrent callers over 8 eligible agents hold 8 distinct agents, then none', async () => {
    const tenant = `race-${suffix}`;
    await seed(tenant, [
      ...Array.from({ length: 8 }, (_, i) => ({ agentId: `ok-${i}` })),
      { agentId: 'busy', state: 'busy' as const },
      { agentId: 'unskilled', skills: ['sales'] },
      { agentId: 'expiring', expiresAt: min(2) },
    ]);
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        Array.from({ length: 16 }, () => reservations.chooseAndReserve(tenant, ['Support'], 30_000, NOW)),
      );
      const held = results.filter((r) => r !== null);
      expect(held).toHaveLength(8);
      expect(new Set(held.map((r) => r.agentId)).size).toBe(8);
      expect(held.every((r) => r.agentId.startsWith('ok-'))).toBe(true);
      expect(await reservations.chooseAndReserve(tenant, ['support'], 30_000, NOW)).toBeNull();
      const reserved = await em.execute<{ n: string }[]>(
        `select count(distinct reservation_id) n from dispatch.routing_agent where tenant_id = ? and reserved_until > ?`,
        [tenant, NOW],
      );
      expect(Number(reserved[0].n)).toBe(8);
      for (const r of held) expect(await reservations.release(r)).toBe(true);
    }
  });

  it('a reservation times out, and a release frees the agent once', async () => {
    const tenant = `timeout-${suffix}`;
    await seed(tenant, [{ agentId: 'solo' }]);
    const first = await reservations.chooseAndReserve(tenant, [], 1_000, NOW, 'CA0001');
    expect(first).toMatchObject({ agentId: 'solo', reservedUntil: new Date(NOW.getTime() + 1_000) });
    expect(await reservations.chooseAndReserve(tenant, [], 1_000, new Date(NOW.getTime() + 999))).toBeNull();
    const second = await reservations.chooseAndReserve(tenant, [], 1_000, new Date(NOW.getTime() + 1_000));
    expect(second?.agentId).toBe('solo');
    expect(await reservations.release(first!)).toBe(false); // taken over by the second
    expect(await reservations.release(second!)).toBe(true);
    expect(await reservations.release(second!)).toBe(false);
    expect((await store.find(em, tenant, 'solo'))?.reservedUntil).toBeNull();
  });
});
