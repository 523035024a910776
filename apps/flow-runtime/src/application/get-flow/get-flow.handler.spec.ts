import { loginGraph } from '@tp/fakes';
import { flowAdminFixture } from '../../testing/flow-admin.fixture';
import { GetFlowHandler } from './get-flow.handler';
import { GetFlowQuery } from './get-flow.query';

describe(GetFlowHandler.name, () => {
  let { flows, create, addVersion, publish } = flowAdminFixture();

  beforeEach(() => {
    ({ flows, create, addVersion, publish } = flowAdminFixture());
  });

  it("treats another tenant's flow as unknown", async () => {
    const { id } = await create();

    await expect(new GetFlowHandler(flows).execute(new GetFlowQuery('globex', id))).rejects.toMatchObject({
      code: 'FLOW.NOT_FOUND',
    });
    await expect(addVersion(id, loginGraph(), 'globex')).rejects.toMatchObject({ code: 'FLOW.NOT_FOUND' });
    await expect(publish(id, 1, 'globex')).rejects.toMatchObject({ code: 'FLOW.NOT_FOUND' });
  });
});
