import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { TenantAdminGuard, TenantId, ZodValidationPipe } from '@tp/platform';
import { CreateMappingCommand } from '../../application/create-mapping/create-mapping.command';
import { DeleteMappingCommand } from '../../application/delete-mapping/delete-mapping.command';
import { GetMappingQuery } from '../../application/get-mapping/get-mapping.query';
import { ListMappingsQuery } from '../../application/list-mappings/list-mappings.query';
import type { MappingListView, MappingView } from '../../application/mapping.view';
import { UpdateMappingCommand } from '../../application/update-mapping/update-mapping.command';
import {
  CreateMappingBody,
  ListMappingsQueryParams,
  MappingBody,
  MappingListBody,
  UpdateMappingBody,
  openApi,
} from './dispatch-mappings.dto';

const MAPPING = openApi(MappingBody, 'output');
const FLOW_CHECKS =
  'DISPATCH.FLOW_NOT_PUBLISHED (no published version), DISPATCH.PHONE_NUMBER_TAKEN (the number is mapped already, ' +
  'in this tenant or another), DISPATCH.TWILIO_ACCOUNT_NOT_SET, DISPATCH.PLATFORM_ACCOUNT_NOT_CONFIGURED';

/** Admin API of a tenant's dispatch mappings. Translates only: DTO in, command or query out, view back. */
@ApiTags('dispatch mappings')
@ApiBearerAuth()
@UseGuards(TenantAdminGuard)
@Controller('v1/dispatch-mappings')
export class DispatchMappingsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Map a contact point (a phone number) to a published flow of the tenant',
    description:
      "The number's Voice URL in Twilio is `<PUBLIC_BASE_URL>/twilio/voice` and its status callback " +
      '`<PUBLIC_BASE_URL>/twilio/status`. The flow is checked with flow-runtime; when it does not answer, nothing is saved (503).',
  })
  @ApiBody({ schema: openApi(CreateMappingBody) })
  @ApiCreatedResponse({ schema: MAPPING })
  @ApiBadRequestResponse({ description: 'a field is invalid, or DISPATCH.FLOW_NOT_FOUND' })
  @ApiConflictResponse({ description: FLOW_CHECKS })
  @ApiServiceUnavailableResponse({
    description: 'DISPATCH.FLOW_CHECK_UNAVAILABLE: flow-runtime did not answer',
  })
  create(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(CreateMappingBody)) body: CreateMappingBody,
  ): Promise<MappingView> {
    return this.commands.execute(new CreateMappingCommand(tenantId, body));
  }

  @Get()
  @ApiOperation({ summary: "List the tenant's mappings by name, a page at a time" })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiOkResponse({ schema: openApi(MappingListBody, 'output') })
  list(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(ListMappingsQueryParams)) query: ListMappingsQueryParams,
  ): Promise<MappingListView> {
    return this.queries.execute(new ListMappingsQuery(tenantId, query.limit, query.offset));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a mapping' })
  @ApiParam({ name: 'id', description: 'mapping id' })
  @ApiOkResponse({ schema: MAPPING })
  @ApiNotFoundResponse({ description: "DISPATCH.MAPPING_NOT_FOUND (also for another tenant's mapping)" })
  get(@TenantId() tenantId: string, @Param('id') id: string): Promise<MappingView> {
    return this.queries.execute(new GetMappingQuery(tenantId, id));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a mapping: name, description, number, flow, Twilio account, active',
    description: 'A new flow, or a mapping switched back on, is checked with flow-runtime again.',
  })
  @ApiParam({ name: 'id', description: 'mapping id' })
  @ApiBody({ schema: openApi(UpdateMappingBody) })
  @ApiOkResponse({ schema: MAPPING })
  @ApiNotFoundResponse({ description: 'DISPATCH.MAPPING_NOT_FOUND' })
  @ApiConflictResponse({
    description: `${FLOW_CHECKS}, DISPATCH.MAPPING_VERSION_MISMATCH, DISPATCH.MAPPING_CHANGED_CONCURRENTLY`,
  })
  @ApiServiceUnavailableResponse({ description: 'DISPATCH.FLOW_CHECK_UNAVAILABLE' })
  update(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(UpdateMappingBody)) body: UpdateMappingBody,
  ): Promise<MappingView> {
    const { expectedVersion, ...changes } = body;
    return this.commands.execute(new UpdateMappingCommand(tenantId, id, changes, expectedVersion));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a mapping: calls to its number are then not in service' })
  @ApiParam({ name: 'id', description: 'mapping id' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'DISPATCH.MAPPING_NOT_FOUND' })
  async delete(@TenantId() tenantId: string, @Param('id') id: string): Promise<void> {
    await this.commands.execute(new DeleteMappingCommand(tenantId, id));
  }
}
