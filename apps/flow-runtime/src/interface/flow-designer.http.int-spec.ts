import type { FlowGraph, FlowProblem } from '@tp/flow-domain';
import type { ErrorBody } from '@tp/platform';
import { loginGraph } from '@tp/fakes';
import { startTestApp, uniqueSuffix, type TestApp } from '@tp/stack-harness';
import { flowRuntimeApp } from '../flow-runtime.app';

/** What the console's flow designer needs of the admin API: node positions kept with a version, and a check without saving. */
describe('flow-runtime admin API for the designer (real PostgreSQL and NATS)', () => {
  let stack: TestApp;
  let tenant: string;

  beforeAll(async () => {
    stack = await startTestApp(flowRuntimeApp);
  });

  afterAll(async () => {
    await stack?.close();
  });

  beforeEach(() => {
    tenant = `t-${uniqueSuffix()}`;
  });

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
  const createFlow = async () =>
    (await http<{ id: string }>('POST', '/v1/flows', { name: `Designed ${uniqueSuffix()}` })).body.id;

  /** The login graph with each node placed on the canvas, left to right. */
  const placed = (): FlowGraph => {
    const graph = loginGraph();
    return {
      ...graph,
      nodes: graph.nodes.map((node, i) => ({ ...node, position: { x: i * 240, y: 80.5 } })),
    };
  };

  it('stores the position of each node with the version and returns it', async () => {
    const id = await createFlow();

    const added = await http<{ graph: FlowGraph; problems: FlowProblem[] }>(
      'POST',
      `/v1/flows/${id}/versions`,
      placed(),
    );
    const got = await http<{ graph: FlowGraph }>('GET', `/v1/flows/${id}/versions/1`);

    expect(added.status).toBe(201);
    expect(added.body.graph).toEqual(placed());
    expect(got.body.graph.nodes.map((n) => n.position)).toEqual([
      { x: 0, y: 80.5 },
      { x: 240, y: 80.5 },
      { x: 480, y: 80.5 },
    ]);
  });

  it('keeps versions without positions as they were sent', async () => {
    const id = await createFlow();

    await http('POST', `/v1/flows/${id}/versions`, loginGraph());
    const got = await http<{ graph: FlowGraph }>('GET', `/v1/flows/${id}/versions/1`);

    expect(got.body.graph.nodes.every((n) => n.position === undefined)).toBe(true);
  });

  it.each([
    [{ x: 'left', y: 0 }, 'nodes.0.position.x'],
    [{ x: 0, y: 1e9 }, 'nodes.0.position.y'],
    [{ x: 0, y: 0, z: 1 }, 'nodes.0.position'],
  ])('answers 400 naming the field for a position %j', async (position, field) => {
    const id = await createFlow();
    const graph = loginGraph();

    const response = await http('POST', `/v1/flows/${id}/versions`, {
      ...graph,
      nodes: [{ ...graph.nodes[0], position }, ...graph.nodes.slice(1)],
    });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((e) => e.field)).toEqual([field]);
  });

  it('checks a graph without saving it: an unconnected node is named with its field', async () => {
    const id = await createFlow();
    const graph = placed();
    const lonely: FlowGraph = {
      nodes: [...graph.nodes, { id: 'exit-2', kind: 'exit', position: { x: 480, y: 300 } }],
      edges: graph.edges,
    };

    const found = await http<{ problems: FlowProblem[] }>(
      'POST',
      `/v1/flows/${id}/versions/validate`,
      lonely,
    );
    const clean = await http<{ problems: FlowProblem[] }>(
      'POST',
      `/v1/flows/${id}/versions/validate`,
      placed(),
    );
    const flow = await http<{ latestVersion: number }>('GET', `/v1/flows/${id}`);

    expect(found.status).toBe(200);
    expect(found.body.problems).toEqual([
      expect.objectContaining({ code: 'FLOW.NODE_UNREACHABLE', node: 'exit-2', field: 'nodes[3]' }),
    ]);
    expect(clean.body).toEqual({ problems: [] });
    expect(flow.body.latestVersion).toBe(0);
  });

  it("answers 404 for another tenant's flow and 400 for a malformed graph", async () => {
    const id = await createFlow();

    const other = await http('POST', `/v1/flows/${id}/versions/validate`, placed(), `t-${uniqueSuffix()}`);
    const malformed = await http('POST', `/v1/flows/${id}/versions/validate`, { nodes: [{ id: 'a b' }] });

    expect(other.status).toBe(404);
    expect(other.body.code).toBe('FLOW.NOT_FOUND');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['nodes.0.id', 'nodes.0.kind', 'edges']),
    );
  });
});
