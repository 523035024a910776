import { Tenant } from '@tp/identity-domain';
import { tenantAdminFixture } from '../../testing/identity-handlers.fixture';
import { GetTenantHandler } from '../get-tenant/get-tenant.handler';
import { GetTenantQuery } from '../get-tenant/get-tenant.query';
import { RenameTenantCommand } from './rename-tenant.command';
import { RenameTenantHandler } from './rename-tenant.handler';

describe(RenameTenantHandler.name, () => {
  let { clock, tenants } = tenantAdminFixture();

  beforeEach(() => {
    ({ clock, tenants } = tenantAdminFixture());
  });

  it('reads and renames a tenant', async () => {
    await tenants.add(Tenant.create({ id: 'acme', displayName: 'Acme' }, clock.now()));

    await new RenameTenantHandler(tenants).execute(new RenameTenantCommand('acme', 'Acme Europe'));

    expect(await new GetTenantHandler(tenants).execute(new GetTenantQuery('acme'))).toMatchObject({
      displayName: 'Acme Europe',
    });
  });
});
