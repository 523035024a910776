import { Body, Controller, Get, Post, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { PlatformAdminGuard, ZodValidationPipe } from '@tp/platform';
import { CreateTenantCommand } from '../application/create-tenant/create-tenant.command';
import type { TenantListView } from '../application/list-tenants/list-tenants.handler';
import { ListTenantsQuery } from '../application/list-tenants/list-tenants.query';
import type { TenantView } from '../application/tenant.view';
import { CreateTenantBody, TenantListSchema, TenantViewSchema } from './tenants.dto';
import { ErrorSchema, openApi } from './users.dto';

const ERROR = (description: string) => ({ description, schema: openApi(ErrorSchema) });

/** Setting up tenants: only for a platform admin credential (`scope: 'platform'`). */
@ApiTags('tenants')
@ApiBearerAuth()
@ApiUnauthorizedResponse(ERROR('No credential, or one that is not valid.'))
@ApiForbiddenResponse(ERROR('AUTH.NOT_PLATFORM_ADMIN: a tenant admin credential cannot set up tenants.'))
@UseGuards(PlatformAdminGuard)
@Controller('v1/tenants')
export class TenantsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Set up a tenant',
    description: 'Its admins can sign in from then on. The id is a slug that never changes.',
  })
  @ApiBody({ schema: openApi(CreateTenantBody, 'input') })
  @ApiCreatedResponse({ description: 'The new tenant.', schema: openApi(TenantViewSchema) })
  @ApiBadRequestResponse(ERROR('`errors` names `id` or `displayName` and says why.'))
  @ApiConflictResponse(ERROR('IDENTITY.TENANT_EXISTS: a tenant with this id exists already.'))
  create(@Body(new ZodValidationPipe(CreateTenantBody)) body: CreateTenantBody): Promise<TenantView> {
    return this.commands.execute(new CreateTenantCommand(body.id, body.displayName));
  }

  @Get()
  @ApiOperation({ summary: 'List tenants', description: 'Every tenant of the platform, by id.' })
  @ApiOkResponse({ description: 'The tenants.', schema: openApi(TenantListSchema) })
  list(): Promise<TenantListView> {
    return this.queries.execute(new ListTenantsQuery());
  }
}
