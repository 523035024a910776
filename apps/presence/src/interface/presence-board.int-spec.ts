import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { Kvm } from '@nats-io/kv';
import {
  GoOffline,
  GoOnline,
  MarkBusy,
  PRESENCE_KV_BUCKET,
  presenceKvKey,
  type PresenceKvEntry,
} from '@tp/contracts';
import { callRpc, connectNats } from '@tp/platform';
import {
  openEventStream,
  startTestApp,
  TEST_NATS_URL,
  uniqueSuffix,
  waitFor,
  type EventStreamReader,
  type ServerSentEvent,
  type TestApp,
} from '@tp/stack-harness';
import { presenceApp } from '../presence.app';

interface Agent {
  agentId: string;
  state: string;
  sequence: number;
  reason: string | null;
}

/** What a board knows from the messages it got: each agent's last state, and every (agent, sequence) applied. */
function applied(messages: ServerSentEvent[]): { agents: Map<string, Agent>; seen: string[] } {
  const agents = new Map<string, Agent>();
  const seen: string[] = [];
  for (const m of messages) {
    if (m.event === 'snapshot') {
      agents.clear();
      for (const a of (JSON.parse(m.data) as { agents: Agent[] }).agents) {
        agents.set(a.agentId, a);
        seen.push(`${a.agentId}#${a.sequence}`);
      }
    } else if (m.event === 'presence') {
      const { agent } = JSON.parse(m.data) as { agent: Agent };
      agents.set(agent.agentId, agent);
      seen.push(`${agent.agentId}#${agent.sequence}`);
    }
  }
  return { agents, seen };
}

describe('GET /v1/presence/stream (real NATS and PostgreSQL)', () => {
  let stack: TestApp;
  let client: ClientProxy;
  let base: string;
  const open: EventStreamReader[] = [];

  beforeAll(async () => {
    process.env.PRESENCE_STREAM_MAX_CLIENTS = '4';
    process.env.PRESENCE_STREAM_HEARTBEAT_MS = '300';
    stack = await startTestApp(presenceApp);
    await stack.app.listen(0, '127.0.0.1');
    base = await stack.app.getUrl();
    client = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [TEST_NATS_URL] } });
    await client.connect();
  });

  afterEach(async () => {
    for (const reader of open.splice(0)) reader.close();
    await waitFor(async () => (await openStreams()) === 0, 5_000, 'every stream to be let go');
  });

  afterAll(async () => {
    await client?.close();
    await stack?.close();
    delete process.env.PRESENCE_STREAM_MAX_CLIENTS;
    delete process.env.PRESENCE_STREAM_HEARTBEAT_MS;
  });

  const board = async (tenantId: string, lastEventId?: string): Promise<EventStreamReader> => {
    const headers: Record<string, string> = { authorization: `Bearer ${stack.tokenFor(tenantId)}` };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const reader = await openEventStream(`${base}/v1/presence/stream`, headers);
    open.push(reader);
    return reader;
  };
  const openStreams = async (): Promise<number> => {
    const text = (await stack.app.inject({ method: 'GET', url: '/metrics' })).body;
    const line = text.split('\n').find((l) => l.startsWith('tp_presence_board_streams{'));
    return line === undefined ? 0 : Number(line.split(' ')[1]);
  };
  const online = (tenantId: string, agentId: string, hours = 8) =>
    callRpc(client, GoOnline, { tenantId, agentId, hours });
  const lastId = (reader: EventStreamReader) => reader.messages.at(-1)?.id;
  const waitForAgent = (reader: EventStreamReader, agentId: string, predicate: (a: Agent) => boolean) =>
    waitFor(
      () => {
        const agent = applied(reader.messages).agents.get(agentId);
        return agent !== undefined && predicate(agent);
      },
      10_000,
      `${agentId} on the board`,
    );

  it('sends the tenant as a snapshot, then each change live, every agent sequence once', async () => {
    const tenant = `board-${uniqueSuffix()}`;
    await online(tenant, 'ann');
    await online(tenant, 'bob');
    await callRpc(client, MarkBusy, { tenantId: tenant, agentId: 'bob' });
    // The snapshot is what the bucket holds: wait until the projector has written bob's second change.
    const nc = await connectNats(TEST_NATS_URL, 'presence-board-int-spec');
    try {
      await waitFor(async () => {
        const kv = await new Kvm(nc).open(PRESENCE_KV_BUCKET);
        return (await kv.get(presenceKvKey(tenant, 'bob')))?.json<PresenceKvEntry>().state === 'busy';
      }, 10_000);
    } finally {
      await nc.drain();
    }

    const reader = await board(tenant);
    expect(reader.status).toBe(200);
    expect(reader.contentType).toBe('text/event-stream');
    await waitForAgent(reader, 'bob', (a) => a.state === 'busy');
    expect(reader.messages[0].event).toBe('snapshot');

    await callRpc(client, GoOffline, { tenantId: tenant, agentId: 'ann', reason: 'agent-logoff' });
    await online(tenant, 'cid');
    await waitForAgent(reader, 'cid', (a) => a.state === 'online');
    await waitForAgent(reader, 'ann', (a) => a.state === 'offline');

    const { agents, seen } = applied(reader.messages);
    expect(agents.get('ann')).toMatchObject({ state: 'offline', reason: 'agent-logoff', sequence: 2 });
    expect(agents.get('bob')).toMatchObject({ state: 'busy', sequence: 2 });
    expect(agents.get('cid')).toMatchObject({ state: 'online', reason: 'login', sequence: 1 });
    expect(new Set(seen).size).toBe(seen.length);
    const ids = reader.messages.map((m) => Number(m.id));
    expect(ids.every((id, i) => Number.isInteger(id) && (i === 0 || id > ids[i - 1]))).toBe(true);
  });

  it('resumes after Last-Event-ID with exactly what came meanwhile: no gap, no duplicate', async () => {
    const tenant = `board-${uniqueSuffix()}`;
    await online(tenant, 'ann');
    const first = await board(tenant);
    await online(tenant, 'bob');
    await waitForAgent(first, 'bob', (a) => a.state === 'online');
    const resumeAt = lastId(first)!;
    first.close();

    await callRpc(client, GoOffline, { tenantId: tenant, agentId: 'ann', reason: 'admin' });
    await online(tenant, 'cid');
    await online(tenant, 'bob', 2);

    const second = await board(tenant, resumeAt);
    await waitFor(
      () => second.messages.filter((m) => m.event === 'presence').length >= 3,
      10_000,
      'the missed events',
    );
    expect(second.messages.some((m) => m.event === 'snapshot')).toBe(false);
    const missed = second.messages
      .filter((m) => m.event === 'presence')
      .map((m) => (JSON.parse(m.data) as { agent: Agent }).agent)
      .map((a) => `${a.agentId}#${a.sequence}:${a.state}`);
    expect(missed).toEqual(['ann#2:offline', 'cid#1:online', 'bob#2:online']);
    expect(Number(second.messages[0].id)).toBeGreaterThan(Number(resumeAt));

    const { agents, seen } = applied([...first.messages, ...second.messages]);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...agents.values()].map((a) => `${a.agentId}:${a.state}`).sort()).toEqual([
      'ann:offline',
      'bob:online',
      'cid:online',
    ]);
  });

  it('sends a fresh snapshot to a client whose Last-Event-ID the stream does not hold', async () => {
    const tenant = `board-${uniqueSuffix()}`;
    await online(tenant, 'ann');
    const reader = await board(tenant, '999999999999');
    await waitForAgent(reader, 'ann', (a) => a.state === 'online');
    expect(reader.messages[0].event).toBe('snapshot');
  });

  it("never sends another tenant's agents or events", async () => {
    const mine = `board-${uniqueSuffix()}`;
    const theirs = `board-${uniqueSuffix()}`;
    await online(theirs, 'eve');
    const reader = await board(mine);
    await online(theirs, 'mallory');
    await callRpc(client, GoOffline, { tenantId: theirs, agentId: 'eve', reason: 'admin' });
    await online(mine, 'ann');
    await waitForAgent(reader, 'ann', (a) => a.state === 'online');
    // The other tenant's events were published before ann's: had they been sent, they would be here.
    const other = await board(theirs);
    await waitForAgent(other, 'mallory', (a) => a.state === 'online');

    expect([...applied(reader.messages).agents.keys()]).toEqual(['ann']);
    expect(reader.messages.map((m) => m.data).join('\n')).not.toMatch(/eve|mallory/);
    expect([...applied(other.messages).agents.keys()].sort()).toEqual(['eve', 'mallory']);
  });

  it('keeps the connection alive with comment lines, and lets the consumer go when the client leaves', async () => {
    const tenant = `board-${uniqueSuffix()}`;
    const reader = await board(tenant);
    await waitFor(() => reader.comments.length >= 2, 5_000, 'two heartbeats');
    expect(await openStreams()).toBe(1);
    reader.close();
    await waitFor(async () => (await openStreams()) === 0, 5_000, 'the stream to be let go');
  });

  it('refuses a board beyond the per-replica cap with a 503, and takes one again once a board leaves', async () => {
    const tenant = `board-${uniqueSuffix()}`;
    const readers = [await board(tenant), await board(tenant), await board(tenant), await board(tenant)];
    expect(readers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const refused = await board(tenant);
    await refused.ended;
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'PRESENCE.TOO_MANY_STREAMS' });

    readers[0].close();
    await waitFor(async () => (await openStreams()) === 3, 5_000, 'a stream to be let go');
    expect((await board(tenant)).status).toBe(200);
  });

  it('answers 401 without a credential and 400 naming Last-Event-ID when it is not a sequence', async () => {
    const anonymous = await openEventStream(`${base}/v1/presence/stream`);
    await anonymous.ended;
    expect(anonymous.status).toBe(401);

    const tenant = `board-${uniqueSuffix()}`;
    const bad = await board(tenant, 'yesterday');
    await bad.ended;
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({
      errors: [expect.objectContaining({ field: 'Last-Event-ID' })],
    });
  });
});
