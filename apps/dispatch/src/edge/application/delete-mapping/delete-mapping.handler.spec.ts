import { MappingNotFound } from '@tp/dispatch-domain';
import { EXISTING, fields, mappingAdminSetup } from '../../../testing/edge-admin.fixture';
import { CreateMappingCommand } from '../create-mapping/create-mapping.command';
import { GetMappingQuery } from '../get-mapping/get-mapping.query';
import { ListMappingsQuery } from '../list-mappings/list-mappings.query';
import { DeleteMappingCommand } from './delete-mapping.command';
import { DeleteMappingHandler } from './delete-mapping.handler';

describe(DeleteMappingHandler.name, () => {
  const setup = mappingAdminSetup;

  it('gets, lists a page at a time, and deletes within the tenant', async () => {
    const { create, get, list, remove } = setup();
    await create.execute(new CreateMappingCommand('acme', fields({ name: 'B line' })));

    await expect(get.execute(new GetMappingQuery('acme', EXISTING))).resolves.toMatchObject({
      phoneNumber: '+14155550100',
    });
    await expect(get.execute(new GetMappingQuery('globex', EXISTING))).rejects.toThrow(MappingNotFound);
    const page = await list.execute(new ListMappingsQuery('acme', 1, 1));
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.items.map((m) => m.name)).toEqual(['B line']);

    await expect(remove.execute(new DeleteMappingCommand('globex', EXISTING))).rejects.toThrow(
      MappingNotFound,
    );
    await remove.execute(new DeleteMappingCommand('acme', EXISTING));
    await expect(get.execute(new GetMappingQuery('acme', EXISTING))).rejects.toThrow(MappingNotFound);
  });
});
