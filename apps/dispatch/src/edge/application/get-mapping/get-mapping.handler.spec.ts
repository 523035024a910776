import { MappingNotFound } from '@tp/dispatch-domain';
import { EXISTING, mappingAdminSetup } from '../../../testing/edge-admin.fixture';
import { GetMappingHandler } from './get-mapping.handler';
import { GetMappingQuery } from './get-mapping.query';

describe(GetMappingHandler.name, () => {
  it("reads a mapping of the tenant, and none of another tenant's", async () => {
    const { get } = mappingAdminSetup();

    await expect(get.execute(new GetMappingQuery('acme', EXISTING))).resolves.toMatchObject({
      id: EXISTING,
      phoneNumber: '+14155550100',
      flowId: 'flow-1',
      twilioAccount: 'platform',
      version: 1,
    });
    await expect(get.execute(new GetMappingQuery('globex', EXISTING))).rejects.toThrow(MappingNotFound);
    await expect(get.execute(new GetMappingQuery('acme', 'no-such-mapping'))).rejects.toThrow(
      MappingNotFound,
    );
  });
});
