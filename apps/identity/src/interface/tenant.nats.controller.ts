import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetTenant, type GetTenantReply, type RpcResult } from '@tp/contracts';
import { TenantRepository } from '@tp/identity-domain';
import { serveRpc } from '@tp/platform';

/** `identity.cmd.get-tenant` (queue group `identity`), each request in its own ORM context. */
@Controller()
export class TenantNatsController {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly em: EntityManager,
  ) {}

  @MessagePattern(GetTenant.subject)
  getTenant(@Payload() payload: unknown): Promise<RpcResult<GetTenantReply>> {
    return RequestContext.create(this.em, () =>
      serveRpc(GetTenant, payload, async ({ tenantId }) => {
        const tenant = await this.tenants.find(tenantId);
        return tenant
          ? { found: true, tenant: { id: tenant.id, displayName: tenant.displayName } }
          : { found: false };
      }),
    );
  }
}
