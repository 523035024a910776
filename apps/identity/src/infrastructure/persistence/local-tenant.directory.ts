import { Injectable } from '@nestjs/common';
import { TenantRepository } from '@tp/identity-domain';
import { TenantDirectory } from '@tp/platform';

/** Identity owns tenants: its admin guard reads the table instead of asking itself over NATS. */
@Injectable()
export class LocalTenantDirectory extends TenantDirectory {
  constructor(private readonly tenants: TenantRepository) {
    super();
  }

  async isKnown(tenantId: string): Promise<boolean> {
    return (await this.tenants.find(tenantId)) !== null;
  }
}
