import { TenantExists, TenantFieldInvalid } from '@tp/identity-domain';
import { tenantAdminFixture } from '../../testing/identity-handlers.fixture';
import { CreateTenantCommand } from './create-tenant.command';
import { CreateTenantHandler } from './create-tenant.handler';

describe(CreateTenantHandler.name, () => {
  let { clock, tenants } = tenantAdminFixture();

  beforeEach(() => {
    ({ clock, tenants } = tenantAdminFixture());
  });

  it('creates a tenant and refuses the same id twice', async () => {
    const create = new CreateTenantHandler(tenants, clock);

    const view = await create.execute(new CreateTenantCommand('acme', 'Acme Corp'));
    const again = create.execute(new CreateTenantCommand('acme', 'Other'));

    expect(view).toEqual({ id: 'acme', displayName: 'Acme Corp', createdAt: '2026-12-07T10:00:00.000Z' });
    await expect(again).rejects.toBeInstanceOf(TenantExists);
    expect((await tenants.find('acme'))?.displayName).toBe('Acme Corp');
  });

  it('stores nothing for an invalid id', async () => {
    const attempt = new CreateTenantHandler(tenants, clock).execute(new CreateTenantCommand('ACME', 'Acme'));

    await expect(attempt).rejects.toBeInstanceOf(TenantFieldInvalid);
    expect(await tenants.list()).toEqual([]);
  });
});
