import { fields, mappingAdminSetup } from '../../../testing/edge-admin.fixture';
import { CreateMappingCommand } from '../create-mapping/create-mapping.command';
import { ListMappingsHandler } from './list-mappings.handler';
import { ListMappingsQuery } from './list-mappings.query';

describe(ListMappingsHandler.name, () => {
  it("lists the tenant's own mappings by name with their total, and none of another tenant's", async () => {
    const { create, list } = mappingAdminSetup();
    await create.execute(new CreateMappingCommand('acme', fields({ name: 'a line' })));

    const acme = await list.execute(new ListMappingsQuery('acme', 10, 0));
    const globex = await list.execute(new ListMappingsQuery('globex', 10, 0));

    expect([acme.total, acme.items.map((m) => m.phoneNumber)]).toEqual([2, ['+14155550111', '+14155550100']]);
    expect(globex).toMatchObject({ total: 0, items: [] });
  });
});
