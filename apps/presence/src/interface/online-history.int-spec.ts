import { randomUUID } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { GetUserSkills, GoOffline, GoOnline } from '@tp/contracts';
import { Clock } from '@tp/ddd';
import { callRpc } from '@tp/platform';
import { FixedClock } from '@tp/fakes';
import {
  fakePeer,
  startFakePeers,
  startTestApp,
  TEST_NATS_URL,
  uniqueSuffix,
  type TestApp,
} from '@tp/stack-harness';
import { presenceApp } from '../presence.app';

const NOW = new Date('2031-06-10T12:07:00.000Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

/**
 * `GET /v1/presence/online-history` on the real PostgreSQL and NATS: the sessions are made through
 * presence's own commands at fixed times over the last day; identity's `get-user-skills` is a
 * stand-in on the real NATS that answers the skills of the tenant's agents only.
 */
describe('presence: agents online per skill (GET /v1/presence/online-history)', () => {
  const suffix = uniqueSuffix();
  const tenant = `hist-${suffix}`;
  const other = `hist-other-${suffix}`;
  const [ADA, BOB, CY, OLGA] = Array.from({ length: 4 }, () => randomUUID());
  const skills: Record<string, Record<string, string[]>> = {
    [tenant]: { [ADA]: ['Billing', 'Spanish'], [BOB]: ['billing'], [CY]: [] },
    [other]: { [OLGA]: ['Billing', 'French'] },
  };
  const clock = new FixedClock(NOW);
  let presence: TestApp;
  let identity: INestMicroservice | undefined;
  let client: ClientProxy;

  beforeAll(async () => {
    presence = await startTestApp(presenceApp, (b) => b.overrideProvider(Clock).useValue(clock));
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [TEST_NATS_URL] } });
    await client.connect();
    identity = await startFakePeers(TEST_NATS_URL, [
      fakePeer(GetUserSkills, ({ tenantId, userIds }) => ({
        users: userIds.flatMap((userId) => {
          const held = skills[tenantId]?.[userId];
          return held === undefined ? [] : [{ userId, skills: held }];
        }),
      })),
    ]);
    const online = (tenantId: string, agentId: string, hours: number) =>
      callRpc(client, GoOnline, { tenantId, agentId, hours });
    // Ada: online 30 h ago until 25 h ago (before the window), then 20 h ago until 10 h ago.
    clock.set(hoursAgo(30));
    await online(tenant, ADA, 8);
    clock.set(hoursAgo(25));
    await callRpc(client, GoOffline, { tenantId: tenant, agentId: ADA, reason: 'agent-logoff' });
    clock.set(hoursAgo(20));
    await online(tenant, ADA, 8);
    clock.set(hoursAgo(10));
    await callRpc(client, GoOffline, { tenantId: tenant, agentId: ADA, reason: 'agent-logoff' });
    // Bob and Cy: online 3 h ago, still online now. Olga (another tenant): online 5 h ago.
    clock.set(hoursAgo(3));
    await online(tenant, BOB, 8);
    await online(tenant, CY, 8);
    clock.set(hoursAgo(5));
    await online(other, OLGA, 8);
    clock.set(NOW);
  });

  afterAll(async () => {
    await identity?.close();
    await client?.close();
    await presence?.close();
  });

  const history = (tenantId: string | null, query = '') =>
    presence.app.inject({
      method: 'GET',
      url: `/v1/presence/online-history${query}`,
      headers: tenantId === null ? {} : { authorization: `Bearer ${presence.tokenFor(tenantId)}` },
    });

  interface Body {
    from: string;
    to: string;
    step: string;
    stepSeconds: number;
    skills: string[];
    points: { at: string; online: number; skills: Record<string, number> }[];
  }
  const point = (body: Body, iso: string) => body.points.find((p) => p.at === iso);

  it('counts the agents online per step and per skill over the last 24 hours, in 15-minute steps', async () => {
    const response = await history(tenant);

    expect(response.statusCode).toBe(200);
    const body = response.json<Body>();
    expect(body).toMatchObject({
      from: '2031-06-09T12:15:00.000Z',
      to: '2031-06-10T12:15:00.000Z',
      step: '15m',
      stepSeconds: 900,
      skills: ['billing', 'spanish'],
    });
    expect(body.points).toHaveLength(96);
    expect(point(body, '2031-06-09T16:00:00.000Z')).toEqual({
      at: '2031-06-09T16:00:00.000Z',
      online: 1,
      skills: { billing: 1, spanish: 1 },
    });
    expect(point(body, '2031-06-10T05:00:00.000Z')).toMatchObject({
      online: 0,
      skills: { billing: 0, spanish: 0 },
    });
    expect(point(body, '2031-06-10T12:00:00.000Z')).toEqual({
      at: '2031-06-10T12:00:00.000Z',
      online: 2,
      skills: { billing: 1, spanish: 0 },
    });
    // Ada's first session ended 25 h ago, before the window.
    expect(point(body, '2031-06-09T12:15:00.000Z')).toMatchObject({ online: 0 });
  });

  it('answers other windows and steps', async () => {
    const body = (await history(tenant, '?hours=2&step=1h')).json<Body>();

    expect(body.points.map((p) => [p.at, p.online, p.skills])).toEqual([
      ['2031-06-10T11:00:00.000Z', 2, { billing: 1 }],
      ['2031-06-10T12:00:00.000Z', 2, { billing: 1 }],
    ]);
  });

  it("never counts another tenant's agents", async () => {
    const body = (await history(other, '?hours=6&step=1h')).json<Body>();

    expect(body.skills).toEqual(['billing', 'french']);
    expect(body.points.map((p) => p.online)).toEqual([1, 1, 1, 1, 1, 1]);
    expect((await history(`nobody-${suffix}`)).json<Body>()).toMatchObject({ skills: [] });
  });

  it('answers 401 without a credential', async () => {
    expect((await history(null)).statusCode).toBe(401);
  });

  it.each([
    ['?hours=0', 'hours'],
    ['?hours=169', 'hours'],
    ['?hours=two', 'hours'],
    ['?step=10m', 'step'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const response = await history(tenant, query);

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, errors: [expect.objectContaining({ field })] });
  });

  it('answers 503 when identity does not tell the skills', async () => {
    await identity?.close();
    identity = undefined;

    const response = await history(tenant);

    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'PRESENCE.SKILLS_UNAVAILABLE' });
  });
});
