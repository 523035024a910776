import type { Tenant } from '../tenant';

/** Where tenants are kept. */
export abstract class TenantRepository {
  abstract find(tenantId: string): Promise<Tenant | null>;
  /** Every tenant, by id. */
  abstract list(): Promise<Tenant[]>;
  /** Stores a new tenant; throws `TenantExists` when the id is taken (also by a parallel create). */
  abstract add(tenant: Tenant): Promise<void>;
  /** Stores the display name of an existing tenant. */
  abstract update(tenant: Tenant): Promise<void>;
}
