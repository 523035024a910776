import { flowAdminFixture } from '../../testing/flow-admin.fixture';
import { GetFlowVersionHandler } from './get-flow-version.handler';
import { GetFlowVersionQuery } from './get-flow-version.query';

describe(GetFlowVersionHandler.name, () => {
  let { flows, create, addVersion } = flowAdminFixture();

  beforeEach(() => {
    ({ flows, create, addVersion } = flowAdminFixture());
  });

  it("reads a version of the tenant's flow, and no version of another tenant's", async () => {
    const { id } = await create();
    const added = await addVersion(id);
    const get = new GetFlowVersionHandler(flows);

    await expect(get.execute(new GetFlowVersionQuery('acme', id, 1))).resolves.toEqual(added);
    await expect(get.execute(new GetFlowVersionQuery('globex', id, 1))).rejects.toMatchObject({
      code: 'FLOW.NOT_FOUND',
    });
  });
});
