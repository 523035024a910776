import { Body, Controller, Get, Patch, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { TenantAdminGuard, TenantId, ZodValidationPipe } from '@tp/platform';
import { GetTenantQuery } from '../application/get-tenant/get-tenant.query';
import { RenameTenantCommand } from '../application/rename-tenant/rename-tenant.command';
import type { TenantView } from '../application/tenant.view';
import { RenameTenantBody, TenantViewSchema } from './tenants.dto';
import { ErrorSchema, openApi } from './users.dto';

const TENANT = { description: 'The tenant, as it is now.', schema: openApi(TenantViewSchema) };
const ERROR = (description: string) => ({ description, schema: openApi(ErrorSchema) });

/** The signed-in admin's own tenant: its id and display name. */
@ApiTags('tenant')
@ApiBearerAuth()
@ApiUnauthorizedResponse(ERROR('No credential, or one that is not valid.'))
@UseGuards(TenantAdminGuard)
@Controller('v1/tenant')
export class TenantHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in tenant', description: 'Its id and display name.' })
  @ApiOkResponse(TENANT)
  @ApiNotFoundResponse(ERROR('IDENTITY.TENANT_NOT_FOUND: the credential names a tenant that is not set up.'))
  get(@TenantId() tenantId: string): Promise<TenantView> {
    return this.queries.execute(new GetTenantQuery(tenantId));
  }

  @Patch()
  @ApiOperation({ summary: 'Rename the signed-in tenant', description: 'The id never changes.' })
  @ApiBody({ schema: openApi(RenameTenantBody, 'input') })
  @ApiOkResponse(TENANT)
  @ApiBadRequestResponse(ERROR('`errors` names `displayName` and says why.'))
  @ApiNotFoundResponse(ERROR('IDENTITY.TENANT_NOT_FOUND: the credential names a tenant that is not set up.'))
  rename(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(RenameTenantBody)) body: RenameTenantBody,
  ): Promise<TenantView> {
    return this.commands.execute(new RenameTenantCommand(tenantId, body.displayName));
  }
}
