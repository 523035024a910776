import { Tenant, TenantExists, TenantFieldInvalid, TenantNotFound } from '@tp/identity-domain';
import { FixedClock, InMemoryTenantRepository } from '@tp/fakes';
import { CreateTenantCommand } from './create-tenant/create-tenant.command';
import { CreateTenantHandler } from './create-tenant/create-tenant.handler';
import { GetTenantHandler } from './get-tenant/get-tenant.handler';
import { GetTenantQuery } from './get-tenant/get-tenant.query';
import { ListTenantsHandler } from './list-tenants/list-tenants.handler';
import { RenameTenantCommand } from './rename-tenant/rename-tenant.command';
import { RenameTenantHandler } from './rename-tenant/rename-tenant.handler';

describe('tenant administration handlers', () => {
  const clock = new FixedClock('2026-12-07T10:00:00.000Z');
  let tenants: InMemoryTenantRepository;

  beforeEach(() => {
    tenants = new InMemoryTenantRepository();
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

  it('lists tenants by id', async () => {
    await tenants.add(Tenant.create({ id: 'zeta', displayName: 'Zeta' }, clock.now()));
    await tenants.add(Tenant.create({ id: 'acme', displayName: 'Acme' }, clock.now()));

    const { tenants: listed } = await new ListTenantsHandler(tenants).execute();

    expect(listed.map((t) => t.id)).toEqual(['acme', 'zeta']);
  });

  it('reads and renames a tenant', async () => {
    await tenants.add(Tenant.create({ id: 'acme', displayName: 'Acme' }, clock.now()));

    await new RenameTenantHandler(tenants).execute(new RenameTenantCommand('acme', 'Acme Europe'));

    expect(await new GetTenantHandler(tenants).execute(new GetTenantQuery('acme'))).toMatchObject({
      displayName: 'Acme Europe',
    });
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
