import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { TenantRepository } from '@tp/identity-domain';
import { toTenantView, type TenantView } from '../tenant.view';
import { ListTenantsQuery } from './list-tenants.query';

export interface TenantListView {
  tenants: TenantView[];
}

@QueryHandler(ListTenantsQuery)
export class ListTenantsHandler implements IQueryHandler<ListTenantsQuery, TenantListView> {
  constructor(private readonly tenants: TenantRepository) {}

  async execute(): Promise<TenantListView> {
    return { tenants: (await this.tenants.list()).map(toTenantView) };
  }
}
