import { Tenant } from '@tp/identity-domain';
import { tenantAdminFixture } from '../../testing/identity-handlers.fixture';
import { ListTenantsHandler } from './list-tenants.handler';

describe(ListTenantsHandler.name, () => {
  let { clock, tenants } = tenantAdminFixture();

  beforeEach(() => {
    ({ clock, tenants } = tenantAdminFixture());
  });

  it('lists tenants by id', async () => {
    await tenants.add(Tenant.create({ id: 'zeta', displayName: 'Zeta' }, clock.now()));
    await tenants.add(Tenant.create({ id: 'acme', displayName: 'Acme' }, clock.now()));

    const { tenants: listed } = await new ListTenantsHandler(tenants).execute();

    expect(listed.map((t) => t.id)).toEqual(['acme', 'zeta']);
  });
});
