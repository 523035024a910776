import { contactPointsSetup } from '../../../testing/edge-admin.fixture';
import { AssignContactPointCommand } from '../assign-contact-point/assign-contact-point.command';
import { ListContactPointsHandler } from './list-contact-points.handler';
import { ListContactPointsQuery } from './list-contact-points.query';

describe(ListContactPointsHandler.name, () => {
  const setup = contactPointsSetup;

  it("lists assignments by number, all or one tenant's", async () => {
    const { assign, list } = setup();
    await assign.execute(new AssignContactPointCommand('+15550100400', 'globex', 'ops'));
    await assign.execute(new AssignContactPointCommand('+15550100050', 'globex', 'ops'));

    const all = await list.execute(new ListContactPointsQuery(10, 0));
    const globex = await list.execute(new ListContactPointsQuery(1, 1, 'globex'));

    expect(all.items.map((c) => `${c.phoneNumber} ${c.tenantId}`)).toEqual([
      '+15550100050 globex',
      '+15550100100 acme',
      '+15550100400 globex',
    ]);
    expect(globex).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ phoneNumber: '+15550100400' }] });
  });
});
