import type { Tenant } from '@tp/identity-domain';

/** A tenant as the admin API shows it. */
export interface TenantView {
  id: string;
  displayName: string;
  createdAt: string;
}

export function toTenantView(tenant: Tenant): TenantView {
  return { id: tenant.id, displayName: tenant.displayName, createdAt: tenant.createdAt.toISOString() };
}
