import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '@tp/ddd';
import { FixedClock } from '@tp/fakes';
import { startTestApp, uniqueSuffix, type TestApp } from '@tp/stack-harness';
import type { NewWaitingCall } from '../../application/ports/routing-queue.port';
import { RoutingQueue } from '../../application/ports/routing-queue.port';
import { dispatchApp } from '../../../dispatch.app';
import { textArrayLiteral } from '../../infrastructure/persistence/routing-agent.store';
import { RoutingTicker } from '../../infrastructure/scheduling/routing.ticker';

const NOW = new Date('2031-03-04T12:00:00.000Z');
const min = (m: number) => new Date(NOW.getTime() + m * 60_000);
const HOLD_MS = 48_000;
const FAR = new Date('2099-01-01T00:00:00.000Z');

/**
 * `GET /v1/routing/queues` on the real PostgreSQL (and NATS): the calls are parked, offered,
 * accepted and ended through the real routing queue, at fixed times; the board reads them back
 * grouped by skill set, counted over the period, one tenant's only. The routing tick is off: it
 * would offer the calls itself.
 */
describe('dispatch: the queue board (GET /v1/routing/queues)', () => {
  const suffix = uniqueSuffix();
  const tenant = `board-${suffix}`;
  const other = `board-other-${suffix}`;
  const clock = new FixedClock(NOW);
  let dispatch: TestApp;
  let queue: RoutingQueue;
  let em: EntityManager;
  let ringingAgent: string;

  beforeAll(async () => {
    dispatch = await startTestApp(dispatchApp, (builder) =>
      builder
        .overrideProvider(RoutingTicker)
        .useValue({ onApplicationBootstrap: () => undefined, beforeApplicationShutdown: () => undefined })
        .overrideProvider(Clock)
        .useValue(clock),
    );
    queue = dispatch.app.get(RoutingQueue);
    em = dispatch.app.get(EntityManager).fork();
    await seedAgent(tenant, 'grace', ['billing'], min(-180));
    await seedAgent(tenant, 'ada', ['billing'], min(-120));
    await seedAgent(other, 'olga', ['billing'], min(-120));

    // Two hours ago: a billing call answered and one abandoned (outside the last hour).
    await answered(tenant, min(-125), min(-121));
    await abandoned(tenant, 'Billing', ['billing'], min(-100), min(-90));
    // In the last hour: billing answered by grace, billing abandoned, spanish timed out.
    await answered(tenant, min(-50), min(-40));
    await abandoned(tenant, 'Billing desk', ['Billing'], min(-30), min(-25));
    const spanish = await park(tenant, 'Spanish', ['spanish'], min(-20));
    await queue.endWait(spanish.id, 'left', min(-10));
    // Now: two billing calls wait, the first rings at the phone of the agent idle the longest; a spanish call waits.
    await park(tenant, 'Billing', ['billing'], min(-5));
    await park(tenant, 'Billing', ['billing'], min(-2));
    await park(tenant, 'Spanish', ['spanish'], min(-1));
    const ringing = await queue.claimNextOffer(tenant, min(-1), HOLD_MS, NOW);
    ringingAgent = ringing!.offer.agentId;
    await queue.offerPlaced(
      ringing!.offer.id,
      '+14155550101',
      `CA${randomUUID().replace(/-/g, '')}`,
      min(-1),
    );
    // Another tenant's calls, waiting and ended, in the same queue and period.
    await park(other, 'Billing', ['billing'], min(-30));
    await abandoned(other, 'Billing', ['billing'], min(-20), min(-15));
  });

  afterAll(async () => {
    await dispatch?.close();
  });

  async function seedAgent(tenantId: string, agentId: string, skills: string[], idleSince: Date) {
    await em.execute(
      `insert into dispatch.routing_agent (tenant_id, agent_id, state, expires_at, presence_sequence, skills,
         skills_version, status, status_version, idle_since, reserved_until, reservation_id, reservation_call,
         consecutive_misses, updated_at)
       values (?, ?, 'online', ?, 1, ?::text[], 1, 'active', 1, ?, null, null, null, 0, now())`,
      [tenantId, agentId, FAR, textArrayLiteral(skills), idleSince],
    );
  }

  function park(tenantId: string, queueName: string, requiredSkills: string[], enqueuedAt: Date) {
    const call: NewWaitingCall = {
      id: randomUUID(),
      tenantId,
      callSid: `CA${randomUUID().replace(/-/g, '')}`,
      sessionId: randomUUID(),
      turn: 1,
      twilioAccount: 'platform',
      contactPoint: '+14155550100',
      queueNodeId: 'queue',
      queueName,
      requiredSkills,
      priority: 0,
      hold: [{ type: 'say', text: 'Please hold.' }],
      enqueuedAt,
      deadline: new Date(enqueuedAt.getTime() + 3_600_000),
    };
    return queue.enqueue(call);
  }

  async function abandoned(tenantId: string, name: string, skills: string[], at: Date, endedAt: Date) {
    const call = await park(tenantId, name, skills, at);
    await queue.endWait(call.id, 'abandoned', endedAt);
  }

  /** A billing call offered to the longest idle agent and accepted; the agent is freed afterwards. */
  async function answered(tenantId: string, at: Date, acceptedAt: Date) {
    await park(tenantId, 'Billing', ['billing'], at);
    const plan = await queue.claimNextOffer(tenantId, at, HOLD_MS, at);
    if (!plan) throw new Error('no agent took the call');
    await queue.offerPlaced(plan.offer.id, '+14155550102', `CA${randomUUID().replace(/-/g, '')}`, at);
    expect((await queue.accept(plan.offer.id, acceptedAt)).accepted).toBe(true);
    await queue.endCall(plan.offer.id, acceptedAt, acceptedAt);
    await queue.freeDueAgents(acceptedAt, 10, () => Promise.resolve());
  }

  const board = (tenantId: string | null, query = '') =>
    dispatch.app.inject({
      method: 'GET',
      url: `/v1/routing/queues${query}`,
      headers: tenantId === null ? {} : { authorization: `Bearer ${dispatch.tokenFor(tenantId)}` },
    });

  it('groups the waiting calls by skill set, with their wait and the offer ringing, and counts the last hour', async () => {
    const response = await board(tenant);

    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ at: NOW.toISOString(), periodMinutes: 60 });
    expect(body.queues).toEqual([
      {
        skills: ['billing'],
        names: ['Billing', 'Billing desk'],
        waiting: [
          expect.objectContaining({
            queueName: 'Billing',
            enqueuedAt: min(-5).toISOString(),
            waitedSeconds: 300,
            offer: expect.objectContaining({
              agentId: ringingAgent,
              status: 'ringing',
              attempt: 1,
              since: min(-1).toISOString(),
            }),
          }),
          expect.objectContaining({ enqueuedAt: min(-2).toISOString(), waitedSeconds: 120, offer: null }),
        ],
        ringing: 1,
        ended: { answered: 1, abandoned: 1, timedOut: 0 },
      },
      {
        skills: ['spanish'],
        names: ['Spanish'],
        waiting: [expect.objectContaining({ waitedSeconds: 60, offer: null })],
        ringing: 0,
        ended: { answered: 0, abandoned: 0, timedOut: 1 },
      },
    ]);
  });

  it('counts over a longer period when asked', async () => {
    const body = (await board(tenant, '?periodMinutes=180')).json<{
      queues: { skills: string[]; ended: object }[];
    }>();

    expect(body.queues.map((q) => [q.skills, q.ended])).toEqual([
      [['billing'], { answered: 2, abandoned: 2, timedOut: 0 }],
      [['spanish'], { answered: 0, abandoned: 0, timedOut: 1 }],
    ]);
  });

  it("never shows another tenant's calls or counts", async () => {
    const body = (await board(other)).json();

    expect(body.queues).toEqual([
      expect.objectContaining({
        skills: ['billing'],
        waiting: [expect.objectContaining({ waitedSeconds: 1800, offer: null })],
        ringing: 0,
        ended: { answered: 0, abandoned: 1, timedOut: 0 },
      }),
    ]);
    expect((await board(`nobody-${suffix}`)).json().queues).toEqual([]);
  });

  it('answers 401 without a credential', async () => {
    expect((await board(null)).statusCode).toBe(401);
  });

  it.each(['abc', '4', '1441', '1.5'])('answers 400 naming periodMinutes for %p', async (value) => {
    const response = await board(tenant, `?periodMinutes=${value}`);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      statusCode: 400,
      errors: [expect.objectContaining({ field: 'periodMinutes' })],
    });
  });
});
