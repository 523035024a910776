import { randomUUID } from 'node:crypto';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import {
  ClientProxyFactory,
  MessagePattern,
  Payload,
  Transport,
  type ClientProxy,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { EntityManager } from '@mikro-orm/postgresql';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  eventStreamName,
  eventWildcard,
  ExpiryNotice,
  FindFlowsUsingPrompts,
  FindUserByPhone,
  GetFlow,
  GetPresence,
  GetPrompts,
  GoOffline,
  GoOnline,
  makeCloudEvent,
  PromptChangedV1,
  SessionInput,
  SessionQueueResult,
  StartSession,
  VerifyPin,
  type QueueOutcome,
  type ChannelStep,
  type PresenceView,
  type PromptV1,
  type SessionTurn,
} from '@tp/contracts';
import { APOLOGY_TEXT, NO_AGENT_TEXT, type FlowGraph } from '@tp/flow-domain';
import { callRpc, connectNats, ensureStream, RemoteError, serveRpc, type ErrorBody } from '@tp/platform';
import { customerGraph, InMemoryPresenceRepository, queueParams } from '@tp/fakes';
import { startTestApp, TEST_NATS_URL, uniqueSuffix, waitFor, type TestApp } from '@tp/stack-harness';
import { AgentPresence, formatOnlineUntil, Hours, OnlineUntil } from '@tp/timed-presence-domain';
import { flowRuntimeApp } from './flow-runtime.app';

interface SessionRow {
  activity: string;
  turn: number;
  status: string;
  outcome: string;
  waiting_at: string | null;
  ivr: unknown;
}
import { NatsPromptCatalog } from './infrastructure/media/nats-prompt-catalog';
import { FlowSessionRetention } from './infrastructure/persistence/flow-session.retention';

const ROLES = [
  'welcome',
  'resource-lookup-error',
  'preset-hours',
  'custom-hours',
  'invalid-input',
  'online',
  'offline',
];
const ANN = '+14155550100';
const BOB = '+14155550111';
const callSid = () => `CA${randomUUID().replace(/-/g, '')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- identity, presence and media as small responders on the suite's own NATS server -------------
// (apps never import apps, so the real ones are exercised together by the e2e tests under test/)

interface Peers {
  users: { tenantId: string; phone: string; id: string; timeZone: string; pin: string | null }[];
  presences: InMemoryPresenceRepository;
  prompts: Map<string, PromptV1>;
  /** Subjects that answer too late (a service that hangs). */
  stalled: Set<string>;
  /** Subjects that answer slowly, but in time. */
  slow: Set<string>;
  pinChecks: { userId: string; callSid?: string }[];
  lookups: string[];
}

const peers: Peers = {
  users: [],
  presences: new InMemoryPresenceRepository(),
  prompts: new Map(),
  stalled: new Set(),
  slow: new Set(),
  pinChecks: [],
  lookups: [],
};

async function stall(subject: string): Promise<void> {
  if (peers.stalled.has(subject)) await sleep(1500);
  if (peers.slow.has(subject)) await sleep(150);
}

function viewOf(p: AgentPresence): PresenceView {
  return {
    tenantId: p.tenantId,
    agentId: p.agentId,
    state: p.state,
    expiresAt: p.expiresAt?.toISOString() ?? null,
    breakEndsAt: p.breakEndsAt?.toISOString() ?? null,
    sequence: p.sequence,
    reason: p.lastReason,
    changedAt: p.changedAt?.toISOString() ?? null,
    expiresWhenCallEnds: p.expiredWhileBusy,
  };
}

@Controller()
class FakePeers {
  @MessagePattern(FindUserByPhone.subject)
  find(@Payload() payload: unknown) {
    return serveRpc(FindUserByPhone, payload, async ({ tenantId, phone }) => {
      peers.lookups.push(phone);
      await stall(FindUserByPhone.subject);
      const user = peers.users.find(
        (u) => u.tenantId === tenantId && u.phone === phone.replace(/[^\d+]/g, ''),
      );
      if (!user) return { found: false as const };
      return {
        found: true as const,
        user: {
          id: user.id,
          name: user.id,
          skills: [],
          timeZone: user.timeZone,
          hasPin: user.pin !== null,
          status: 'active' as const,
        },
      };
    });
  }

  @MessagePattern(VerifyPin.subject)
  verifyPin(@Payload() payload: unknown) {
    return serveRpc(VerifyPin, payload, async ({ tenantId, userId, pin, callSid: sid }) => {
      await stall(VerifyPin.subject);
      peers.pinChecks.push({ userId, callSid: sid });
      const user = peers.users.find((u) => u.tenantId === tenantId && u.id === userId);
      const wrong = peers.pinChecks.filter((c) => c.userId === userId).length;
      if (user?.pin === pin) return { result: 'ok' as const };
      return { result: wrong >= 3 ? ('locked' as const) : ('wrong' as const) };
    });
  }

  @MessagePattern(GetPresence.subject)
  getPresence(@Payload() payload: unknown) {
    return serveRpc(GetPresence, payload, async ({ tenantId, agentId }) => {
      await stall(GetPresence.subject);
      return viewOf(
        (await peers.presences.find(tenantId, agentId)) ?? AgentPresence.absent(tenantId, agentId),
      );
    });
  }

  @MessagePattern(GoOnline.subject)
  goOnline(@Payload() payload: unknown) {
    return serveRpc(
      GoOnline,
      payload,
      async ({ tenantId, agentId, hours, until, maxHours, callSid: sid, flowId, via }) => {
        await stall(GoOnline.subject);
        const presence =
          (await peers.presences.find(tenantId, agentId)) ?? AgentPresence.absent(tenantId, agentId);
        const now = new Date();
        const window =
          until === undefined ? Hours.of(hours!, maxHours) : OnlineUntil.of(new Date(until), now, maxHours);
        presence.goOnlineFor(window, now, 'login', via);
        await peers.presences.save(presence, { hours, callSid: sid ?? null, flowId: flowId ?? null });
        return viewOf(presence);
      },
    );
  }

  @MessagePattern(GoOffline.subject)
  goOffline(@Payload() payload: unknown) {
    return serveRpc(GoOffline, payload, async ({ tenantId, agentId, reason }) => {
      await stall(GoOffline.subject);
      const presence =
        (await peers.presences.find(tenantId, agentId)) ?? AgentPresence.absent(tenantId, agentId);
      presence.goOffline(reason, new Date());
      await peers.presences.save(presence);
      return viewOf(presence);
    });
  }

  @MessagePattern(GetPrompts.subject)
  getPrompts(@Payload() payload: unknown) {
    return serveRpc(GetPrompts, payload, async ({ tenantId, ids }) => {
      await stall(GetPrompts.subject);
      const found = [...new Set(ids)].map((id) => peers.prompts.get(`${tenantId}/${id}`));
      return {
        prompts: found.filter((p): p is PromptV1 => p !== undefined),
        missing: [...new Set(ids)].filter((id) => !peers.prompts.has(`${tenantId}/${id}`)),
      };
    });
  }
}

@Module({ controllers: [FakePeers] })
class FakePeersModule {}

describe('flow-runtime (real PostgreSQL and NATS; identity, presence and media answered by responders)', () => {
  let stack: TestApp;
  let peersApp: INestMicroservice;
  let client: ClientProxy;
  let nc: NatsConnection;
  let tenant: string;

  beforeAll(async () => {
    process.env.FLOW_RUNTIME_DEADLINE_MS = '600';
    process.env.FLOW_RUNTIME_PROMPT_TIMEOUT_MS = '300';
    process.env.FLOW_RUNTIME_PUBLISH_CHECK_TIMEOUT_MS = '600';
    stack = await startTestApp(flowRuntimeApp);
    const peersRef = await Test.createTestingModule({ imports: [FakePeersModule] }).compile();
    peersApp = peersRef.createNestMicroservice<MicroserviceOptions>({
      transport: Transport.NATS,
      options: { servers: [TEST_NATS_URL], queue: 'peers' },
    });
    await peersApp.listen();
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [TEST_NATS_URL] } });
    await client.connect();
    nc = await connectNats(TEST_NATS_URL, 'flow-runtime-int-spec');
    await ensureStream(await jetstreamManager(nc), {
      name: eventStreamName('media'),
      subjects: [eventWildcard('media')],
    });
  });

  afterAll(async () => {
    await client?.close();
    await nc?.drain();
    await peersApp?.close();
    await stack?.close();
    delete process.env.FLOW_RUNTIME_DEADLINE_MS;
    delete process.env.FLOW_RUNTIME_PROMPT_TIMEOUT_MS;
    delete process.env.FLOW_RUNTIME_PUBLISH_CHECK_TIMEOUT_MS;
  });

  beforeEach(() => {
    tenant = `t-${uniqueSuffix()}`;
    peers.stalled.clear();
    peers.slow.clear();
  });

  // ---- helpers --------------------------------------------------------------------------------

  const http = async <T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    tenantId = tenant,
  ): Promise<{ status: number; body: T & ErrorBody }> => {
    const response = await stack.app.inject({
      method,
      url,
      payload,
      headers: { authorization: `Bearer ${stack.tokenFor(tenantId)}` },
    });
    return { status: response.statusCode, body: response.json() };
  };

  /** The seven prompts of the vendor page in the tenant's media, spoken as `<role>`; their ids by role. */
  function seedPrompts(tenantId = tenant): Record<string, string> {
    return Object.fromEntries(
      ROLES.map((role) => {
        const id = randomUUID();
        const now = new Date().toISOString();
        peers.prompts.set(`${tenantId}/${id}`, {
          id,
          tenantId,
          name: role,
          role: role as PromptV1['role'],
          content: { kind: 'tts', text: `<${role}>`, voice: 'Polly.Joanna', language: 'en-US' },
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
        return [role, id];
      }),
    );
  }

  const graphWith = (params: Record<string, unknown>): FlowGraph => ({
    nodes: [
      { id: 'entry', kind: 'entry' },
      { id: 'tp', kind: 'timed-presence', params },
      { id: 'exit', kind: 'exit' },
    ],
    edges: [
      { from: 'entry', to: 'tp' },
      { from: 'tp', to: 'exit' },
    ],
  });

  async function createFlow(name = 'Timed Presence login'): Promise<string> {
    const created = await http<{ id: string }>('POST', '/v1/flows', { name });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  /** A published login flow with the tenant's seven prompts and `params` laid over the defaults. */
  async function publishedFlow(
    params: Record<string, unknown> = {},
  ): Promise<{ flowId: string; prompts: Record<string, string> }> {
    const prompts = seedPrompts();
    const flowId = await createFlow(`Login ${uniqueSuffix()}`);
    expect(
      (await http('POST', `/v1/flows/${flowId}/versions`, graphWith({ prompts, ...params }))).status,
    ).toBe(201);
    const published = await http('POST', `/v1/flows/${flowId}/versions/1/publish`);
    expect(published.status).toBe(200);
    return { flowId, prompts };
  }

  function addUser(id: string, phone: string, options: { pin?: string; timeZone?: string } = {}): void {
    peers.users.push({
      tenantId: tenant,
      id,
      phone,
      timeZone: options.timeZone ?? 'UTC',
      pin: options.pin ?? null,
    });
  }

  const start = (flowId: string, from: string, sid = callSid(), stirVerstat?: string) =>
    callRpc(client, StartSession, {
      tenantId: tenant,
      flowId,
      callSid: sid,
      from,
      to: '+18005550100',
      stirVerstat,
    });
  const press = (turn: SessionTurn, digits: string | null) =>
    callRpc(client, SessionInput, { tenantId: tenant, sessionId: turn.sessionId, turn: turn.turn, digits });

  /** What the caller hears of a turn, and where it waits for keys. */
  function heard(turn: SessionTurn): string[] {
    const speech = (s: ChannelStep): string[] => {
      switch (s.type) {
        case 'say':
          return [s.text];
        case 'play':
          return [s.url];
        case 'collect':
          return [...s.prompts.flatMap(speech), `(collect ${s.purpose})`];
        default:
          return [`(${s.type})`];
      }
    };
    return turn.steps.flatMap(speech);
  }

  const logins = (agentId: string) =>
    peers.presences.outbox.filter(
      (e) => e.tenantId === tenant && e.agentId === agentId && e.state === 'online',
    );

  // ---- the admin API ----------------------------------------------------------------------------

  describe('admin API /v1/flows', () => {
    it('creates, gets and lists flows, and answers 404 for another tenant', async () => {
      const id = await createFlow('Timed Presence');
      await createFlow('Another');

      const got = await http('GET', `/v1/flows/${id}`);
      const list = await http<{ items: { name: string }[]; total: number }>(
        'GET',
        '/v1/flows?limit=1&offset=1',
      );
      const foreign = await http('GET', `/v1/flows/${id}`, undefined, `other-${tenant}`);

      expect(got).toMatchObject({
        status: 200,
        body: { id, name: 'Timed Presence', type: 'customer', latestVersion: 0, publishedVersion: null },
      });
      expect([list.status, list.body.items.map((f) => f.name), list.body.total]).toEqual([
        200,
        ['Timed Presence'],
        2,
      ]);
      expect([foreign.status, foreign.body.code]).toEqual([404, 'FLOW.NOT_FOUND']);
    });

    it('answers 400 naming each bad field, and 409 for a name taken', async () => {
      const bad = await http('POST', '/v1/flows', { name: '  ', type: 'agent' });
      await createFlow('Login');
      const taken = await http('POST', '/v1/flows', { name: 'LOGIN ' });
      const id = await createFlow('Graphs');
      const badGraph = await http('POST', `/v1/flows/${id}/versions`, {
        nodes: [{ id: 'a b', kind: 'entry' }],
      });

      expect([bad.status, bad.body.errors?.map((e) => e.field)]).toEqual([400, ['name', 'type']]);
      expect([taken.status, taken.body.code]).toEqual([409, 'FLOW.NAME_TAKEN']);
      expect([badGraph.status, badGraph.body.errors?.map((e) => e.field)]).toEqual([
        400,
        ['nodes.0.id', 'edges'],
      ]);
    });

    it.each([
      ['a NUL character in a node label', { label: 'Login\u0000' }, 'nodes.1.label'],
      ['an unpaired UTF-16 surrogate in a node label', { label: 'Login \uD800' }, 'nodes.1.label'],
      ['a NUL character in a params key', { params: { 'max\u0000Hours': 8 } }, 'nodes.1.params'],
      ['an unpaired UTF-16 surrogate in a params key', { params: { '\uDFFF': 8 } }, 'nodes.1.params'],
    ])('answers 400 for %s, naming %s, and stores no version', async (_what, node, field) => {
      const id = await createFlow(`Text ${uniqueSuffix()}`);
      const base = graphWith({});
      const graph = { ...base, nodes: base.nodes.map((n) => (n.id === 'tp' ? { ...n, ...node } : n)) };

      const response = await http('POST', `/v1/flows/${id}/versions`, graph);

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field, reason: expect.stringMatching(/NUL/) }]);
      expect((await http('GET', `/v1/flows/${id}/versions/1`)).status).toBe(404);
    });

    it('keeps drafts as versions and shows what would stop each from being published', async () => {
      const id = await createFlow();
      const draft = await http<{ version: number; problems: { code: string }[] }>(
        'POST',
        `/v1/flows/${id}/versions`,
        {
          nodes: [{ id: 'entry', kind: 'entry' }],
          edges: [],
        },
      );
      const got = await http<{ graph: FlowGraph; published: boolean }>('GET', `/v1/flows/${id}/versions/1`);
      const none = await http('GET', `/v1/flows/${id}/versions/2`);
      const badNumber = await http('GET', `/v1/flows/${id}/versions/first`);

      expect([draft.status, draft.body.version, draft.body.problems.map((p) => p.code)]).toEqual([
        201,
        1,
        ['FLOW.EXIT_MISSING'],
      ]);
      expect([got.status, got.body.graph, got.body.published]).toEqual([
        200,
        { nodes: [{ id: 'entry', kind: 'entry' }], edges: [] },
        false,
      ]);
      expect([none.status, none.body.code]).toEqual([404, 'FLOW.VERSION_NOT_FOUND']);
      expect([badNumber.status, badNumber.body.errors?.[0]?.field]).toEqual([400, 'version']);
    });

    it('publishes a valid version and says so', async () => {
      const { flowId } = await publishedFlow();

      const got = await http('GET', `/v1/flows/${flowId}`);
      const version = await http('GET', `/v1/flows/${flowId}/versions/1`);

      expect(got.body).toMatchObject({
        latestVersion: 1,
        publishedVersion: 1,
        publishedAt: expect.any(String),
      });
      expect(version.body).toMatchObject({ published: true, problems: [] });
    });

    it.each<[string, (p: Record<string, string>) => FlowGraph, [string, string][]]>([
      [
        'no Entry',
        (prompts) => ({
          nodes: [
            { id: 'tp', kind: 'timed-presence', params: { prompts } },
            { id: 'x', kind: 'exit' },
          ],
          edges: [{ from: 'tp', to: 'x' }],
        }),
        [['FLOW.ENTRY_MISSING', 'nodes']],
      ],
      [
        'two Entries',
        (prompts) => {
          const g = graphWith({ prompts });
          return {
            nodes: [...g.nodes, { id: 'entry2', kind: 'entry' }],
            edges: [...g.edges, { from: 'entry2', to: 'exit' }],
          };
        },
        [['FLOW.ENTRY_NOT_UNIQUE', 'nodes[3].kind']],
      ],
      [
        'a dead end',
        (prompts) => ({ ...graphWith({ prompts }), edges: [{ from: 'entry', to: 'tp' }] }),
        [
          ['FLOW.DEAD_END', 'nodes[1]'],
          ['FLOW.NODE_UNREACHABLE', 'nodes[2]'],
        ],
      ],
      [
        'a cycle without an Exit',
        (prompts) => ({
          nodes: [
            { id: 'entry', kind: 'entry' },
            { id: 'tp', kind: 'timed-presence', params: { prompts } },
            { id: 'tp2', kind: 'timed-presence', params: { prompts } },
            { id: 'exit', kind: 'exit' },
          ],
          edges: [
            { from: 'entry', to: 'tp' },
            { from: 'tp', to: 'tp2' },
            { from: 'tp2', to: 'tp' },
          ],
        }),
        [
          ['FLOW.NODE_UNREACHABLE', 'nodes[3]'],
          ['FLOW.CYCLE_WITHOUT_EXIT', 'nodes[1]'],
        ],
      ],
      [
        'invalid activity parameters',
        (prompts) =>
          graphWith({
            prompts: { ...prompts, welcome: undefined },
            presetHours: [8, 24, 48, 100],
            attempts: 0,
          }),
        [
          ['FLOW.PARAM_REQUIRED', 'nodes[1].params.prompts.welcome'],
          ['FLOW.PARAM_INVALID', 'nodes[1].params.presetHours[3]'],
          ['FLOW.PARAM_INVALID', 'nodes[1].params.attempts'],
        ],
      ],
    ])('refuses to publish a graph with %s, naming each problem', async (_case, graph, expected) => {
      const id = await createFlow();
      await http('POST', `/v1/flows/${id}/versions`, graph(seedPrompts()));

      const response = await http<{ details: { problems: { code: string; field: string }[] } }>(
        'POST',
        `/v1/flows/${id}/versions/1/publish`,
      );

      expect([response.status, response.body.code]).toEqual([400, 'FLOW.GRAPH_INVALID']);
      expect(response.body.details.problems.map((p) => [p.code, p.field])).toEqual(expected);
      expect((await http('GET', `/v1/flows/${id}`)).body.publishedVersion).toBeNull();
    });

    it('refuses to publish prompts the tenant does not have, listing them', async () => {
      const prompts = seedPrompts();
      const foreign = seedPrompts(`other-${tenant}`);
      const id = await createFlow();
      await http(
        'POST',
        `/v1/flows/${id}/versions`,
        graphWith({ prompts: { ...prompts, online: foreign.online } }),
      );

      const response = await http<{ details: { missingPromptIds: string[]; problems: { field: string }[] } }>(
        'POST',
        `/v1/flows/${id}/versions/1/publish`,
      );

      expect([response.status, response.body.code]).toEqual([400, 'FLOW.GRAPH_INVALID']);
      expect(response.body.details.missingPromptIds).toEqual([foreign.online]);
      expect(response.body.details.problems.map((p) => p.field)).toEqual(['nodes[1].params.prompts.online']);
    });

    it('answers 503 and publishes nothing when media does not answer', async () => {
      const prompts = seedPrompts();
      const id = await createFlow();
      await http('POST', `/v1/flows/${id}/versions`, graphWith({ prompts }));
      peers.stalled.add(GetPrompts.subject);

      const response = await http('POST', `/v1/flows/${id}/versions/1/publish`);

      expect([response.status, response.body.code, response.body.details]).toEqual([
        503,
        'FLOW.DEPENDENCY_UNAVAILABLE',
        expect.objectContaining({ dependency: 'media' }),
      ]);
      expect((await http('GET', `/v1/flows/${id}`)).body.publishedVersion).toBeNull();
    });
  });

  // ---- what other apps ask over NATS ------------------------------------------------------------

  describe('NATS queries', () => {
    it('get-flow: a flow of the tenant with its published version; another tenant finds nothing', async () => {
      const { flowId } = await publishedFlow();
      const draft = await createFlow('Draft');

      await expect(callRpc(client, GetFlow, { tenantId: tenant, flowId })).resolves.toEqual({
        found: true,
        flowId,
        name: expect.stringMatching(/^Login/),
        type: 'customer',
        publishedVersion: 1,
      });
      await expect(callRpc(client, GetFlow, { tenantId: tenant, flowId: draft })).resolves.toMatchObject({
        publishedVersion: null,
      });
      await expect(callRpc(client, GetFlow, { tenantId: `x-${tenant}`, flowId })).resolves.toEqual({
        found: false,
      });
      await expect(callRpc(client, GetFlow, { tenantId: tenant, flowId: 'not-a-uuid' })).resolves.toEqual({
        found: false,
      });
    });

    it('find-flows-using-prompts: the published flows that play any of the prompts', async () => {
      const { flowId, prompts } = await publishedFlow();
      const unusedDraft = await createFlow('Draft');
      await http('POST', `/v1/flows/${unusedDraft}/versions`, graphWith({ prompts: seedPrompts() }));

      await expect(
        callRpc(client, FindFlowsUsingPrompts, {
          tenantId: tenant,
          promptIds: [prompts.offline, randomUUID()],
        }),
      ).resolves.toEqual({ flows: [{ flowId, name: expect.stringMatching(/^Login/), version: 1 }] });
      await expect(
        callRpc(client, FindFlowsUsingPrompts, { tenantId: `x-${tenant}`, promptIds: [prompts.offline] }),
      ).resolves.toEqual({ flows: [] });
    });
  });

  // ---- the IVR, a call at a time --------------------------------------------------------------------

  describe('sessions', () => {
    it('welcomes a known caller, takes a preset and puts them online', async () => {
      const { flowId } = await publishedFlow();
      addUser('ann', ANN);
      const sid = callSid();

      const first = await start(flowId, ANN, sid);
      const done = await press(first, '2');

      expect(first.steps).toEqual([
        {
          type: 'collect',
          purpose: 'preset-menu',
          maxDigits: 1,
          timeoutS: 5,
          finishOnKey: '',
          prompts: [
            { type: 'say', text: '<welcome>', voice: 'Polly.Joanna', language: 'en-US' },
            { type: 'say', text: '<preset-hours>', voice: 'Polly.Joanna', language: 'en-US' },
          ],
        },
      ]);
      expect([done.turn, done.done, heard(done)]).toEqual([2, true, ['<online>', '(hangup)']]);
      expect(peers.presences.origins.at(-1)).toEqual({ hours: 24, callSid: sid, flowId });
      expect(logins('ann').map((e) => e.via)).toEqual(['ivr-preset']);
    });

    it.each([
      ['custom hours 12#', ['9', '12#'], ['<online>', '(hangup)'], 12],
      ['0 at the menu', ['0'], ['<offline>', '(hangup)'], null],
      ['0 as custom hours', ['9', '0'], ['<offline>', '(hangup)'], null],
    ])('handles %s', async (_case, keys, last, hours) => {
      const { flowId } = await publishedFlow();
      addUser('ann', ANN);

      let turn = await start(flowId, ANN);
      for (const key of keys) turn = await press(turn, key);

      expect(heard(turn)).toEqual(last);
      const presence = await peers.presences.find(tenant, 'ann');
      if (hours === null) expect(presence?.state ?? 'offline').toBe('offline');
      else expect(peers.presences.origins.at(-1)?.hours).toBe(hours);
    });

    it('repeats the menu after wrong keys and silence, and ends the call after the third, changing nothing', async () => {
      const { flowId } = await publishedFlow();
      addUser('ann', ANN);

      const first = await start(flowId, ANN);
      const wrong = await press(first, '7');
      const silence = await press(wrong, null);
      const last = await press(silence, '*');

      expect(heard(wrong)).toEqual(['<invalid-input>', '<preset-hours>', '(collect preset-menu)']);
      expect(heard(silence)).toEqual(['<invalid-input>', '<preset-hours>', '(collect preset-menu)']);
      expect(heard(last)).toEqual([expect.stringContaining('Please call again'), '(hangup)']);
      expect(logins('ann')).toEqual([]);
    });

    it('tells an unknown caller so, and does not even ask about an anonymous one', async () => {
      const { flowId } = await publishedFlow();

      const unknown = await start(flowId, '+14155550199');
      const lookupsBefore = peers.lookups.length;
      const anonymous = await start(flowId, 'anonymous');

      expect([heard(unknown), unknown.done]).toEqual([['<resource-lookup-error>', '(hangup)'], true]);
      expect(heard(anonymous)).toEqual(['<resource-lookup-error>', '(hangup)']);
      expect(peers.lookups.length).toBe(lookupsBefore);
    });

    it('reads back until when an agent already online is online, in their time zone', async () => {
      const { flowId } = await publishedFlow();
      addUser('ann', ANN, { timeZone: 'America/Chicago' });
      await press(await start(flowId, ANN), '1');
      const until = (await peers.presences.find(tenant, 'ann'))!.expiresAt!;

      const again = await start(flowId, ANN);

      expect(heard(again)).toEqual([
        '<welcome>',
        `You are online until ${formatOnlineUntil(until, 'America/Chicago')}.`,
        '<preset-hours>',
        '(collect preset-menu)',
      ]);
    });

    it('asks for the PIN under the pin policy: wrong, then right, then the menu', async () => {
      const { flowId } = await publishedFlow({ callerVerification: 'pin' });
      addUser('ann', ANN, { pin: '2468' });
      const sid = callSid();

      const first = await start(flowId, ANN, sid);
      const wrong = await press(first, '1111#');
      const menu = await press(wrong, '2468#');
      const online = await press(menu, '1');

      expect(heard(first)).toEqual(['<welcome>', expect.stringContaining('enter your PIN'), '(collect pin)']);
      expect(heard(wrong)).toEqual([
        expect.stringContaining('not correct'),
        expect.stringContaining('enter your PIN'),
        '(collect pin)',
      ]);
      expect(heard(menu)).toEqual(['<preset-hours>', '(collect preset-menu)']);
      expect(heard(online)).toEqual(['<online>', '(hangup)']);
      expect(peers.pinChecks.filter((c) => c.callSid === sid)).toHaveLength(2);
    });

    it('skips the PIN only for a fully attested caller ID under pin-unless-attested', async () => {
      const { flowId } = await publishedFlow({ callerVerification: 'pin-unless-attested' });
      addUser('ann', ANN, { pin: '2468' });

      const attested = await start(flowId, ANN, callSid(), 'TN-Validation-Passed-A');
      const notAttested = await start(flowId, ANN, callSid(), 'TN-Validation-Passed-C');

      expect(heard(attested).at(-1)).toBe('(collect preset-menu)');
      expect(heard(notAttested).at(-1)).toBe('(collect pin)');
    });

    it('ends the call of an agent without a PIN when a PIN is required', async () => {
      const { flowId } = await publishedFlow({ callerVerification: 'pin' });
      addUser('bob', BOB);

      const reply = await start(flowId, BOB);

      expect([reply.done, heard(reply)]).toEqual([
        true,
        ['<welcome>', expect.stringContaining('none yet'), '(hangup)'],
      ]);
    });

    it('answers a retried start and retried keys with the same replies, acting once', async () => {
      const { flowId } = await publishedFlow();
      addUser('ann', ANN);
      const sid = callSid();

      const [first, firstAgain] = await Promise.all([start(flowId, ANN, sid), start(flowId, ANN, sid)]);
      const [a, b] = await Promise.all([press(first, '3'), press(first, '3')]);
      const c = await press(first, '3');

      expect(firstAgain).toEqual(first);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      expect(logins('ann')).toHaveLength(1);
    });

    it('acts once when the same keys reach two handlers while presence is still working on the first', async () => {
      const { flowId } = await publishedFlow();
      addUser('ann', ANN);
      const first = await start(flowId, ANN);
      peers.slow.add(GoOnline.subject);

      const replies = await Promise.all([press(first, '4'), press(first, '4'), press(first, '4')]);

      expect(new Set(replies.map((r) => JSON.stringify(r))).size).toBe(1);
      expect(heard(replies[0])).toEqual(['<online>', '(hangup)']);
      expect(logins('ann')).toHaveLength(1);
    });

    it('refuses keys for a turn the session is not at, or after it ended', async () => {
      const { flowId } = await publishedFlow();
      addUser('ann', ANN);
      const first = await start(flowId, ANN);
      const done = await press(first, '1');

      const ahead = await callRpc(client, SessionInput, {
        tenantId: tenant,
        sessionId: first.sessionId,
        turn: 5,
        digits: '1',
      }).catch((e: unknown) => e);
      const after = await press(done, '1').catch((e: unknown) => e);

      expect(ahead).toBeInstanceOf(RemoteError);
      expect((ahead as RemoteError).code).toBe('FLOW.SESSION_TURN_MISMATCH');
      expect((after as RemoteError).code).toBe('FLOW.SESSION_ENDED');
    });

    it('apologises when presence stops answering mid-call, claiming nothing', async () => {
      const { flowId } = await publishedFlow();
      addUser('ann', ANN);
      const first = await start(flowId, ANN);
      peers.stalled.add(GoOnline.subject);

      const started = Date.now();
      const sorry = await press(first, '1');

      expect(Date.now() - started).toBeLessThan(1200);
      expect(sorry).toEqual({
        sessionId: first.sessionId,
        turn: 2,
        done: true,
        steps: [{ type: 'say', text: APOLOGY_TEXT }, { type: 'hangup' }],
      });
      await sleep(1000); // the stalled go-online lands late, as a hung service's might
      peers.stalled.clear();
      const retried = await press(first, '1');
      expect(heard(retried)).toEqual(['<online>', '(hangup)']);
    });

    it('apologises when identity does not answer at the start', async () => {
      const { flowId } = await publishedFlow();
      addUser('ann', ANN);
      peers.stalled.add(FindUserByPhone.subject);

      const sorry = await start(flowId, ANN);

      expect(heard(sorry)).toEqual([APOLOGY_TEXT, '(hangup)']);
    });

    it('plays a changed prompt as soon as media says it changed', async () => {
      const { flowId, prompts } = await publishedFlow();
      addUser('ann', ANN);
      await start(flowId, ANN); // caches the prompts
      const key = `${tenant}/${prompts.welcome}`;
      const changed = {
        ...peers.prompts.get(key)!,
        version: 2,
        content: { kind: 'tts' as const, text: '<welcome v2>', voice: 'Polly.Joanna', language: 'en-US' },
      };
      peers.prompts.set(key, changed);

      const before = await start(flowId, ANN);
      const event = makeCloudEvent(PromptChangedV1, {
        id: randomUUID(),
        source: 'timed-presence/media',
        time: new Date(),
        subject: changed.id,
        data: {
          tenantId: tenant,
          promptId: changed.id,
          version: 2,
          occurredAt: new Date().toISOString(),
          changed: ['content'],
          prompt: changed,
        },
      });
      await jetstream(nc).publish(PromptChangedV1.subjectFor(tenant), JSON.stringify(event), {
        msgID: event.id,
      });

      expect(heard(before)[0]).toBe('<welcome>');
      await waitFor(
        async () => heard(await start(flowId, ANN))[0] === '<welcome v2>',
        5000,
        'the changed prompt',
      );
    });

    it('rejects a session start for a flow that is not published', async () => {
      const draft = await createFlow('Draft');

      const error = await start(draft, ANN).catch((e: unknown) => e);

      expect((error as RemoteError).code).toBe('FLOW.NOT_PUBLISHED');
    });
  });

  describe('customer flows', () => {
    /** The customer flow's four prompts in the tenant's media, spoken as `<name>`; their ids by name. */
    function seedCustomerPrompts(): { greeting: string; hold: string; noAgent: string; goodbye: string } {
      const ids = {
        greeting: randomUUID(),
        hold: randomUUID(),
        noAgent: randomUUID(),
        goodbye: randomUUID(),
      };
      const now = new Date().toISOString();
      for (const [name, id] of Object.entries(ids)) {
        peers.prompts.set(`${tenant}/${id}`, {
          id,
          tenantId: tenant,
          name,
          role: null,
          content: { kind: 'tts', text: `<${name}>`, voice: 'Polly.Joanna', language: 'en-US' },
          version: 1,
          createdAt: now,
          updatedAt: now,
        });
      }
      return ids;
    }

    /** Entry -> Play Prompt -> Queue -(answered)-> Exit, -(timeout)-> Play Prompt -> Exit, published over the admin API. */
    async function publishedCustomerFlow(
      queue: Record<string, unknown> = {},
    ): Promise<{ flowId: string; ids: ReturnType<typeof seedCustomerPrompts> }> {
      const ids = seedCustomerPrompts();
      const flowId = await createFlow(`Support ${uniqueSuffix()}`);
      const graph = customerGraph({
        greetingPromptId: ids.greeting,
        goodbyePromptId: ids.goodbye,
        queue: queueParams({
          requiredSkills: ['Support', 'support', 'Spanish'],
          priority: 3,
          maxWaitSeconds: 120,
          holdPromptId: ids.hold,
          noAgentPromptId: ids.noAgent,
          ...queue,
        }),
      });
      const added = await http<{ problems: unknown[] }>('POST', `/v1/flows/${flowId}/versions`, graph);
      expect([added.status, added.body.problems]).toEqual([201, []]);
      const published = await http('POST', `/v1/flows/${flowId}/versions/1/publish`);
      expect(published.status).toBe(200);
      return { flowId, ids };
    }

    const waited = (turn: SessionTurn, outcome: QueueOutcome) =>
      callRpc(client, SessionQueueResult, {
        tenantId: tenant,
        sessionId: turn.sessionId,
        turn: turn.turn,
        outcome,
      });

    it('starts with the greeting and an enqueue; the maximum wait gives the no-agent prompt and the timeout branch; a retry the same turn', async () => {
      const { flowId } = await publishedCustomerFlow();

      const first = await start(flowId, '+14155550999');

      expect(first).toMatchObject({ turn: 1, done: false });
      expect(first.steps).toEqual([
        { type: 'say', text: '<greeting>', voice: 'Polly.Joanna', language: 'en-US' },
        {
          type: 'enqueue',
          queueNodeId: 'queue',
          queueName: 'Support',
          requiredSkills: ['support', 'spanish'],
          priority: 3,
          maxWaitS: 120,
          hold: [{ type: 'say', text: '<hold>', voice: 'Polly.Joanna', language: 'en-US' }],
        },
      ]);
      expect(peers.lookups).not.toContain('+14155550999');

      const second = await waited(first, 'timeout');
      expect(second).toMatchObject({ sessionId: first.sessionId, turn: 2, done: true });
      expect(heard(second)).toEqual(['<noAgent>', '<goodbye>', '(hangup)']);

      const [again, racing] = await Promise.all([waited(first, 'timeout'), waited(first, 'timeout')]);
      expect(again).toEqual(second);
      expect(racing).toEqual(second);
      const rows = await stack.app
        .get(EntityManager)
        .fork()
        .execute<SessionRow[]>(
          'select activity, turn, status, outcome, waiting_at, ivr from flow_runtime.flow_session where id = ?',
          [first.sessionId],
        );
      expect(rows).toEqual([
        { activity: 'customer', turn: 2, status: 'ended', outcome: 'timeout', waiting_at: null, ivr: null },
      ]);
    });

    it('follows the answered branch to the Exit, and ends an abandoned wait with a bare hangup', async () => {
      const { flowId } = await publishedCustomerFlow();

      const answered = await waited(await start(flowId, ANN), 'answered');
      const abandoned = await waited(await start(flowId, ANN), 'abandoned');

      expect([answered.steps, answered.done]).toEqual([[{ type: 'hangup' }], true]);
      expect([abandoned.steps, abandoned.done]).toEqual([[{ type: 'hangup' }], true]);
    });

    it('speaks the built-in no-agent wording for a prompt media no longer has, leaving out the goodbye', async () => {
      const { flowId, ids } = await publishedCustomerFlow();
      const first = await start(flowId, ANN);
      // the prompts were deleted after publishing (media's events drop them from the cache)
      const catalog = stack.app.get(NatsPromptCatalog);
      for (const id of [ids.noAgent, ids.goodbye]) {
        peers.prompts.delete(`${tenant}/${id}`);
        catalog.forget(tenant, id, 2);
      }

      const second = await waited(first, 'timeout');

      expect(heard(second)).toEqual([NO_AGENT_TEXT, '(hangup)']);
    });

    it('answers coded errors for a wrong turn, a wrong command, and after the end', async () => {
      const { flowId } = await publishedCustomerFlow();
      const first = await start(flowId, ANN);

      const wrongTurn = await waited({ ...first, turn: 3 }, 'timeout').catch((e: unknown) => e);
      const keys = await press(first, '1').catch((e: unknown) => e);
      const second = await waited(first, 'answered');
      const afterEnd = await waited(second, 'timeout').catch((e: unknown) => e);
      const { flowId: login } = await publishedFlow();
      const loginTurn = await start(login, ANN);
      const toLogin = await waited(loginTurn, 'timeout').catch((e: unknown) => e);

      expect((wrongTurn as RemoteError).code).toBe('FLOW.SESSION_TURN_MISMATCH');
      expect((keys as RemoteError).code).toBe('FLOW.SESSION_COMMAND_UNEXPECTED');
      expect((afterEnd as RemoteError).code).toBe('FLOW.SESSION_ENDED');
      expect((toLogin as RemoteError).code).toBe('FLOW.SESSION_COMMAND_UNEXPECTED');
    });

    it('refuses to publish a Queue with bad parameters, naming each field', async () => {
      const flowId = await createFlow(`Bad ${uniqueSuffix()}`);
      const graph = customerGraph({
        queue: { name: '', priority: 11, maxWaitSeconds: 4, requiredSkills: [''] },
      });
      expect((await http('POST', `/v1/flows/${flowId}/versions`, graph)).status).toBe(201);

      const published = await http<{ details: { problems: { field: string }[] } }>(
        'POST',
        `/v1/flows/${flowId}/versions/1/publish`,
      );

      expect(published.status).toBe(400);
      expect(published.body.details.problems.map((p) => p.field)).toEqual(
        expect.arrayContaining([
          'nodes[2].params.name',
          'nodes[2].params.requiredSkills[0]',
          'nodes[2].params.priority',
          'nodes[2].params.maxWaitSeconds',
        ]),
      );
    });
  });

  describe('retention', () => {
    it('deletes sessions older than the retention period, and nothing younger', async () => {
      const { flowId } = await publishedFlow();
      addUser('ann', ANN);
      const first = await start(flowId, ANN);
      const retention = stack.app.get(FlowSessionRetention);

      await expect(retention.sweep(new Date(Date.now() + 29 * 86_400_000))).resolves.toBe(0);
      expect(heard(await press(first, '7')).at(-1)).toBe('(collect preset-menu)');
      await expect(retention.sweep(new Date(Date.now() + 31 * 86_400_000))).resolves.toBeGreaterThan(0);
      await expect(press({ ...first, turn: 2 }, '1')).rejects.toMatchObject({
        code: 'FLOW.SESSION_NOT_FOUND',
      });
    });
  });

  // ---- expiry ---------------------------------------------------------------------------------

  describe('expiry notice', () => {
    it('asks dispatch to call with the Offline prompt when the login flow says so', async () => {
      const { flowId } = await publishedFlow({ notifyOnExpiry: true });
      addUser('ann', ANN);
      await press(await start(flowId, ANN), '1');

      await expect(callRpc(client, ExpiryNotice, { tenantId: tenant, agentId: 'ann' })).resolves.toEqual({
        notify: true,
        flowId,
        steps: [
          { type: 'pause', seconds: 1 },
          { type: 'say', text: '<offline>', voice: 'Polly.Joanna', language: 'en-US' },
        ],
      });
    });

    it('asks for no call when the flow does not say so, or the agent never signed in by phone', async () => {
      const { flowId } = await publishedFlow();
      addUser('ann', ANN);
      await press(await start(flowId, ANN), '1');

      await expect(callRpc(client, ExpiryNotice, { tenantId: tenant, agentId: 'ann' })).resolves.toEqual({
        notify: false,
      });
      await expect(callRpc(client, ExpiryNotice, { tenantId: tenant, agentId: 'nobody' })).resolves.toEqual({
        notify: false,
      });
    });
  });
});
