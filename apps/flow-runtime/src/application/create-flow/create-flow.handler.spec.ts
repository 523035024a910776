import { flowAdminFixture, T0 } from '../../testing/flow-admin.fixture';
import { CreateFlowHandler } from './create-flow.handler';

describe(CreateFlowHandler.name, () => {
  let { create } = flowAdminFixture();

  beforeEach(() => {
    ({ create } = flowAdminFixture());
  });

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
});
