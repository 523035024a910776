import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TenantNotFound, TenantRepository } from '@tp/identity-domain';
import { toTenantView, type TenantView } from '../tenant.view';
import { RenameTenantCommand } from './rename-tenant.command';

@CommandHandler(RenameTenantCommand)
export class RenameTenantHandler implements ICommandHandler<RenameTenantCommand, TenantView> {
  constructor(private readonly tenants: TenantRepository) {}

  async execute({ tenantId, displayName }: RenameTenantCommand): Promise<TenantView> {
    const tenant = await this.tenants.find(tenantId);
    if (!tenant) throw new TenantNotFound(tenantId);
    tenant.rename(displayName);
    await this.tenants.update(tenant);
    return toTenantView(tenant);
  }
}
