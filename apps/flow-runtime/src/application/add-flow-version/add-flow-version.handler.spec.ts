import { flowAdminFixture } from '../../testing/flow-admin.fixture';
import { GetFlowVersionHandler } from '../get-flow-version/get-flow-version.handler';
import { GetFlowVersionQuery } from '../get-flow-version/get-flow-version.query';
import { AddFlowVersionHandler } from './add-flow-version.handler';

describe(AddFlowVersionHandler.name, () => {
  let { flows, create, addVersion } = flowAdminFixture();

  beforeEach(() => {
    ({ flows, create, addVersion } = flowAdminFixture());
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
});
