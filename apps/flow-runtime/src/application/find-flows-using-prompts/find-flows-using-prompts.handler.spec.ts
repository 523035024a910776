import { flowAdminFixture } from '../../testing/flow-admin.fixture';
import { FindFlowsUsingPromptsHandler } from './find-flows-using-prompts.handler';
import { FindFlowsUsingPromptsQuery } from './find-flows-using-prompts.query';

describe(FindFlowsUsingPromptsHandler.name, () => {
  let { flows, create, addVersion, publish } = flowAdminFixture();

  beforeEach(() => {
    ({ flows, create, addVersion, publish } = flowAdminFixture());
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
