import { TenantNotFound } from '@tp/identity-domain';
import { tenantAdminFixture } from '../../testing/identity-handlers.fixture';
import { RenameTenantCommand } from '../rename-tenant/rename-tenant.command';
import { RenameTenantHandler } from '../rename-tenant/rename-tenant.handler';
import { GetTenantHandler } from './get-tenant.handler';
import { GetTenantQuery } from './get-tenant.query';

describe(GetTenantHandler.name, () => {
  let { tenants } = tenantAdminFixture();

  beforeEach(() => {
    ({ tenants } = tenantAdminFixture());
  });

  it('answers not found for a tenant that is not set up', async () => {
    await expect(new GetTenantHandler(tenants).execute(new GetTenantQuery('ghost'))).rejects.toBeInstanceOf(
      TenantNotFound,
    );
    await expect(
      new RenameTenantHandler(tenants).execute(new RenameTenantCommand('ghost', 'Ghost')),
    ).rejects.toBeInstanceOf(TenantNotFound);
  });
});
