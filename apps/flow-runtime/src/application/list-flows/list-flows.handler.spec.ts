import { flowAdminFixture } from '../../testing/flow-admin.fixture';
import { ListFlowsHandler } from './list-flows.handler';
import { ListFlowsQuery } from './list-flows.query';

describe(ListFlowsHandler.name, () => {
  let { flows, create } = flowAdminFixture();

  beforeEach(() => {
    ({ flows, create } = flowAdminFixture());
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
});
