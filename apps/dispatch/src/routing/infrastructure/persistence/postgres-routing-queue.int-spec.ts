import { EntityManager } from '@mikro-orm/postgresql';
import { startTestApp, type TestApp } from '@tp/stack-harness';
import { RoutingQueue } from '../../application/ports/routing-queue.port';
import { dispatchApp } from '../../../dispatch.app';
import {
  describeRoutingQueueContract,
  type RoutingQueueHarness,
} from '../../../testing/routing-queue.contract';
import { RoutingTicker } from '../scheduling/routing.ticker';
import { PostgresRoutingQueue } from './postgres-routing-queue';
import { textArrayLiteral } from './routing-agent.store';

/**
 * The PostgreSQL routing queue against the contract its in-memory fake follows in the unit tests
 * (`routing-queue.contract.ts`), on the real database. The routing tick is off: it would offer the
 * contract's calls itself.
 */
describe(PostgresRoutingQueue.name, () => {
  let dispatch: TestApp;
  let harness: RoutingQueueHarness;

  beforeAll(async () => {
    dispatch = await startTestApp(dispatchApp, (builder) =>
      builder.overrideProvider(RoutingTicker).useValue({
        onApplicationBootstrap: () => undefined,
        beforeApplicationShutdown: () => undefined,
      }),
    );
    const em = dispatch.app.get(EntityManager).fork();
    harness = {
      queue: dispatch.app.get(RoutingQueue),
      seedAgents: async (tenantId, agents) => {
        for (const a of agents)
          await em.execute(
            `insert into dispatch.routing_agent (tenant_id, agent_id, state, expires_at, presence_sequence, skills,
               skills_version, status, status_version, idle_since, reserved_until, reservation_id, reservation_call,
               consecutive_misses, updated_at)
             values (?, ?, ?, ?, 1, ?::text[], 1, 'active', 1, ?, null, null, null, ?, now())`,
            [
              tenantId,
              a.agentId,
              a.state ?? 'online',
              a.expiresAt ?? new Date('2099-01-01T00:00:00.000Z'),
              textArrayLiteral(a.skills ?? []),
              a.idleSince,
              a.consecutiveMisses ?? 0,
            ],
          );
      },
      agent: async (tenantId, agentId) => {
        const [row] = await em.execute<
          { reservation_id: string | null; reserved_until: Date | null; consecutive_misses: number }[]
        >(
          `select reservation_id, reserved_until, consecutive_misses from dispatch.routing_agent
            where tenant_id = ? and agent_id = ?`,
          [tenantId, agentId],
        );
        if (!row) throw new Error(`no agent ${agentId}`);
        return {
          reservationId: row.reservation_id,
          reservedUntil: row.reserved_until === null ? null : new Date(row.reserved_until),
          consecutiveMisses: Number(row.consecutive_misses),
        };
      },
    };
  });

  afterAll(async () => {
    await dispatch?.close();
  });

  it('is the routing queue dispatch runs with', () => {
    expect(harness.queue).toBeInstanceOf(PostgresRoutingQueue);
  });

  describeRoutingQueueContract(() => harness);
});
