import { Tenant, TenantExists, TenantRepository } from '@tp/identity-domain';

/** Tenants in memory; stores copies, so a test sees only what was saved. */
export class InMemoryTenantRepository extends TenantRepository {
  private readonly tenants = new Map<string, ReturnType<Tenant['toProps']>>();

  find(tenantId: string): Promise<Tenant | null> {
    const props = this.tenants.get(tenantId);
    return Promise.resolve(props ? Tenant.restore(props) : null);
  }

  list(): Promise<Tenant[]> {
    return Promise.resolve(
      [...this.tenants.values()].sort((a, b) => a.id.localeCompare(b.id)).map((p) => Tenant.restore(p)),
    );
  }

  add(tenant: Tenant): Promise<void> {
    if (this.tenants.has(tenant.id)) return Promise.reject(new TenantExists(tenant.id));
    this.tenants.set(tenant.id, tenant.toProps());
    return Promise.resolve();
  }

  update(tenant: Tenant): Promise<void> {
    this.tenants.set(tenant.id, tenant.toProps());
    return Promise.resolve();
  }
}
