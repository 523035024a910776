import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Tenant, TenantExists, TenantRepository } from '@tp/identity-domain';
import { TenantRecord } from './tenant.record';

function toTenant(record: TenantRecord): Tenant {
  return Tenant.restore({ id: record.id, displayName: record.displayName, createdAt: record.createdAt });
}

/** Tenants in `identity.tenant`, read without the identity map (each read sees the table). */
@Injectable()
export class MikroOrmTenantRepository extends TenantRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async find(tenantId: string): Promise<Tenant | null> {
    const record = await this.em.findOne(TenantRecord, { id: tenantId }, { disableIdentityMap: true });
    return record ? toTenant(record) : null;
  }

  async list(): Promise<Tenant[]> {
    const records = await this.em.find(
      TenantRecord,
      {},
      { orderBy: { id: 'asc' }, disableIdentityMap: true },
    );
    return records.map(toTenant);
  }

  async add(tenant: Tenant): Promise<void> {
    try {
      await this.em.insert(TenantRecord, tenant.toProps());
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new TenantExists(tenant.id);
      throw error;
    }
  }

  async update(tenant: Tenant): Promise<void> {
    await this.em.nativeUpdate(TenantRecord, { id: tenant.id }, { displayName: tenant.displayName });
  }
}
