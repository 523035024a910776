import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { Tenant, TenantRepository } from '@tp/identity-domain';
import { toTenantView, type TenantView } from '../tenant.view';
import { CreateTenantCommand } from './create-tenant.command';

@CommandHandler(CreateTenantCommand)
export class CreateTenantHandler implements ICommandHandler<CreateTenantCommand, TenantView> {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, displayName }: CreateTenantCommand): Promise<TenantView> {
    const tenant = Tenant.create({ id: tenantId, displayName }, this.clock.now());
    await this.tenants.add(tenant); // TenantExists when the id is taken
    return toTenantView(tenant);
  }
}
