import { FlowGraphInvalid } from '@tp/flow-domain';
import { loginGraph, promptIdsByRole, timedPresenceParams } from '@tp/fakes';
import { flowAdminFixture } from '../../testing/flow-admin.fixture';
import { GetFlowHandler } from '../get-flow/get-flow.handler';
import { GetFlowQuery } from '../get-flow/get-flow.query';
import { PublishFlowVersionHandler } from './publish-flow-version.handler';

describe(PublishFlowVersionHandler.name, () => {
  let { flows, prompts, clock, create, addVersion, publish } = flowAdminFixture();

  beforeEach(() => {
    ({ flows, prompts, clock, create, addVersion, publish } = flowAdminFixture());
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
});
