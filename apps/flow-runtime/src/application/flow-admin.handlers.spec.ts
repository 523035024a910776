import { FlowGraphInvalid, type FlowGraph } from '@tp/flow-domain';
import {
  FakePromptCatalog,
  FixedClock,
  InMemoryFlowRepository,
  loginGraph,
  promptIdsByRole,
  timedPresenceParams,
} from '@tp/fakes';
import { AddFlowVersionCommand } from './add-flow-version/add-flow-version.command';
import { AddFlowVersionHandler } from './add-flow-version/add-flow-version.handler';
import { CreateFlowCommand } from './create-flow/create-flow.command';
import { CreateFlowHandler } from './create-flow/create-flow.handler';
import { FindFlowsUsingPromptsHandler } from './find-flows-using-prompts/find-flows-using-prompts.handler';
import { FindFlowsUsingPromptsQuery } from './find-flows-using-prompts/find-flows-using-prompts.query';
import { GetFlowVersionHandler } from './get-flow-version/get-flow-version.handler';
import { GetFlowVersionQuery } from './get-flow-version/get-flow-version.query';
import { GetFlowHandler } from './get-flow/get-flow.handler';
import { GetFlowQuery } from './get-flow/get-flow.query';
import { ListFlowsHandler } from './list-flows/list-flows.handler';
import { ListFlowsQuery } from './list-flows/list-flows.query';
import { PublishFlowVersionCommand } from './publish-flow-version/publish-flow-version.command';
import { PublishFlowVersionHandler } from './publish-flow-version/publish-flow-version.handler';

const T0 = '2026-03-02T09:00:00.000Z';

describe('flow admin handlers', () => {
  let flows: InMemoryFlowRepository;
  let prompts: FakePromptCatalog;
  let clock: FixedClock;

  beforeEach(() => {
    flows = new InMemoryFlowRepository();
    prompts = new FakePromptCatalog().addSpoken('acme', Object.values(promptIdsByRole()));
    clock = new FixedClock(T0);
  });

  const create = (name = 'Timed Presence login', tenantId = 'acme') =>
    new CreateFlowHandler(flows, clock).execute(new CreateFlowCommand(tenantId, name));
  const addVersion = (flowId: string, graph: FlowGraph = loginGraph(), tenantId = 'acme') =>
    new AddFlowVersionHandler(flows, clock).execute(new AddFlowVersionCommand(tenantId, flowId, graph));
  const publish = (flowId: string, version: number, tenantId = 'acme') =>
    new PublishFlowVersionHandler(flows, prompts, clock).execute(
      new PublishFlowVersionCommand(tenantId, flowId, version),
    );

  it('creates a customer flow with no version', async () => {
    const view = await create();

    expect(view).toEqual({
      id: 'flow-1',
      name: 'Timed Presence login',
      type: 'customer',
      latestVersion: 0,
      publishedVersion: null,
      publishedAt: null,
      createdAt: T0,
      updatedAt: T0,
    });
    await expect(create('timed presence LOGIN')).rejects.toMatchObject({ code: 'FLOW.NAME_TAKEN' });
  });

  it('adds drafts as numbered versions, listing what would stop them from being published', async () => {
    const { id } = await create();

    const first = await addVersion(id, { nodes: [{ id: 'in', kind: 'entry' }], edges: [] });
    const second = await addVersion(id);

    expect([first.version, first.published, first.problems.map((p) => p.code)]).toEqual([
      1,
      false,
      ['FLOW.EXIT_MISSING'],
    ]);
    expect([second.version, second.problems]).toEqual([2, []]);
    await expect(
      new GetFlowVersionHandler(flows).execute(new GetFlowVersionQuery('acme', id, 2)),
    ).resolves.toEqual(second);
    await expect(
      new GetFlowVersionHandler(flows).execute(new GetFlowVersionQuery('acme', id, 3)),
    ).rejects.toMatchObject({ code: 'FLOW.VERSION_NOT_FOUND' });
  });

  it("treats another tenant's flow as unknown", async () => {
    const { id } = await create();

    await expect(new GetFlowHandler(flows).execute(new GetFlowQuery('globex', id))).rejects.toMatchObject({
      code: 'FLOW.NOT_FOUND',
    });
    await expect(addVersion(id, loginGraph(), 'globex')).rejects.toMatchObject({ code: 'FLOW.NOT_FOUND' });
    await expect(publish(id, 1, 'globex')).rejects.toMatchObject({ code: 'FLOW.NOT_FOUND' });
  });

  it('publishes a valid version whose prompts all exist', async () => {
    const { id } = await create();
    await addVersion(id);
    clock.set('2026-03-02T10:00:00.000Z');

    const view = await publish(id, 1);

    expect(view).toMatchObject({
      publishedVersion: 1,
      publishedAt: '2026-03-02T10:00:00.000Z',
      latestVersion: 1,
    });
    await expect(new GetFlowHandler(flows).execute(new GetFlowQuery('acme', id))).resolves.toEqual(view);
  });

  it('refuses a graph with problems, naming each, without asking media', async () => {
    const { id } = await create();
    await addVersion(id, loginGraph(timedPresenceParams({ presetHours: [8, 24, 48, 120] })));
    prompts.goDown();

    const error = await publish(id, 1).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FlowGraphInvalid);
    expect((error as FlowGraphInvalid).problems).toEqual([
      expect.objectContaining({
        code: 'FLOW.PARAM_INVALID',
        field: 'nodes[1].params.presetHours[3]',
        node: 'tp',
      }),
    ]);
  });

  it('refuses prompts the tenant does not have, listing them, and publishes nothing', async () => {
    const { id } = await create();
    await addVersion(
      id,
      loginGraph(
        timedPresenceParams({ prompts: { ...promptIdsByRole(), online: 'p-gone', 'pin-wrong': 'p-lost' } }),
      ),
    );

    const error = (await publish(id, 1).catch((e: unknown) => e)) as FlowGraphInvalid;

    expect(error.code).toBe('FLOW.GRAPH_INVALID');
    expect(error.details).toMatchObject({ missingPromptIds: ['p-gone', 'p-lost'] });
    expect(error.problems.map((p) => p.field)).toEqual([
      'nodes[1].params.prompts.online',
      'nodes[1].params.prompts.pin-wrong',
    ]);
    expect((await flows.find('acme', id))?.publishedVersion).toBeNull();
  });

  it('publishes nothing when media does not answer', async () => {
    const { id } = await create();
    await addVersion(id);
    prompts.goDown();

    await expect(publish(id, 1)).rejects.toMatchObject({
      code: 'FLOW.DEPENDENCY_UNAVAILABLE',
      kind: 'unavailable',
      details: { dependency: 'media', reason: 'no answer' },
    });
    expect((await flows.find('acme', id))?.publishedVersion).toBeNull();
  });

  it("lists the tenant's flows by name, a page at a time", async () => {
    for (const name of ['Beta', 'alpha', 'Gamma']) await create(name);
    await create('Delta', 'globex');

    const page = await new ListFlowsHandler(flows).execute(new ListFlowsQuery('acme', 2, 0));

    expect([page.items.map((f) => f.name), page.total, page.limit, page.offset]).toEqual([
      ['alpha', 'Beta'],
      3,
      2,
      0,
    ]);
  });

  it('names the published flows that play a prompt', async () => {
    const { id } = await create();
    await addVersion(id);
    await publish(id, 1);

    await expect(
      new FindFlowsUsingPromptsHandler(flows).execute(new FindFlowsUsingPromptsQuery('acme', ['p-offline'])),
    ).resolves.toEqual([{ flowId: id, name: 'Timed Presence login', version: 1 }]);
  });
});
