import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenantNotFound, TenantRepository } from '@tp/identity-domain';
import { toTenantView, type TenantView } from '../tenant.view';
import { GetTenantQuery } from './get-tenant.query';

/** The tenant, or `TenantNotFound`. */
@QueryHandler(GetTenantQuery)
export class GetTenantHandler implements IQueryHandler<GetTenantQuery, TenantView> {
  constructor(private readonly tenants: TenantRepository) {}

  async execute({ tenantId }: GetTenantQuery): Promise<TenantView> {
    const tenant = await this.tenants.find(tenantId);
    if (!tenant) throw new TenantNotFound(tenantId);
    return toTenantView(tenant);
  }
}
