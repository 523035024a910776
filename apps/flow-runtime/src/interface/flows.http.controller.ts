import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FlowProblem } from '@tp/flow-domain';
import { TenantAdminGuard, TenantId, ZodValidationPipe } from '@tp/platform';
import type { z } from 'zod';
import { AddFlowVersionCommand } from '../application/add-flow-version/add-flow-version.command';
import { CreateFlowCommand } from '../application/create-flow/create-flow.command';
import type { FlowVersionView, FlowView } from '../application/flow.view';
import { GetFlowVersionQuery } from '../application/get-flow-version/get-flow-version.query';
import { GetFlowQuery } from '../application/get-flow/get-flow.query';
import { ListFlowsQuery, type FlowListView } from '../application/list-flows/list-flows.query';
import { PublishFlowVersionCommand } from '../application/publish-flow-version/publish-flow-version.command';
import { ValidateFlowGraphQuery } from '../application/validate-flow-graph/validate-flow-graph.query';
import {
  CreateFlowBody,
  FlowBody,
  FlowGraphBody,
  FlowGraphDoc,
  FlowIdParams,
  FlowListBody,
  FlowProblemsBody,
  FlowVersionBody,
  FlowVersionParams,
  ListFlowsQueryParams,
  openApi,
} from './flows.dto';

const FLOW = openApi(FlowBody, 'output');
const VERSION = openApi(FlowVersionBody, 'output');

/** Admin API of a tenant's flows. Translates only: DTO in, command or query out, view back. */
@ApiTags('flows')
@ApiBearerAuth()
@UseGuards(TenantAdminGuard)
@Controller('v1/flows')
export class FlowsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a flow (type customer); its graph comes as version 1' })
  @ApiBody({ schema: openApi(CreateFlowBody) })
  @ApiCreatedResponse({ schema: FLOW })
  @ApiConflictResponse({ description: 'FLOW.NAME_TAKEN: another flow of the tenant has this name' })
  create(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(CreateFlowBody)) body: CreateFlowBody,
  ): Promise<FlowView> {
    return this.commands.execute(new CreateFlowCommand(tenantId, body.name, body.type));
  }

  @Get()
  @ApiOperation({ summary: "List the tenant's flows by name, a page at a time" })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiOkResponse({ schema: openApi(FlowListBody, 'output') })
  list(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(ListFlowsQueryParams)) query: ListFlowsQueryParams,
  ): Promise<FlowListView> {
    return this.queries.execute(new ListFlowsQuery(tenantId, query.limit, query.offset));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a flow: its latest and published version numbers' })
  @ApiParam({ name: 'id', description: 'flow id' })
  @ApiOkResponse({ schema: FLOW })
  @ApiNotFoundResponse({ description: "FLOW.NOT_FOUND (also for another tenant's flow)" })
  get(
    @TenantId() tenantId: string,
    @Param(new ZodValidationPipe(FlowIdParams)) params: z.infer<typeof FlowIdParams>,
  ): Promise<FlowView> {
    return this.queries.execute(new GetFlowQuery(tenantId, params.id));
  }

  @Post(':id/versions')
  @ApiOperation({
    summary: "Add the flow's next version: its graph of nodes and edges (a draft until published)",
    description:
      'Nodes `entry`, `exit` and `timed-presence` (with its parameters); edges `from` -> `to`, with an ' +
      'optional `branch`. The answer lists the problems that would stop the version from being published.',
  })
  @ApiParam({ name: 'id', description: 'flow id' })
  @ApiBody({ schema: openApi(FlowGraphDoc) })
  @ApiCreatedResponse({ schema: VERSION })
  @ApiBadRequestResponse({ description: 'REQUEST.INVALID naming each bad field; FLOW.GRAPH_TOO_LARGE' })
  @ApiNotFoundResponse({ description: 'FLOW.NOT_FOUND' })
  addVersion(
    @TenantId() tenantId: string,
    @Param(new ZodValidationPipe(FlowIdParams)) params: z.infer<typeof FlowIdParams>,
    @Body(new ZodValidationPipe(FlowGraphBody)) graph: FlowGraphBody,
  ): Promise<FlowVersionView> {
    return this.commands.execute(new AddFlowVersionCommand(tenantId, params.id, graph));
  }

  @Post(':id/versions/validate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Check a graph without saving it: what would stop it from being published',
    description:
      "The console's designer asks this as the admin edits, to mark each problem on its node and field. " +
      'The rules are those of publishing; whether media has the prompts is checked at publish only.',
  })
  @ApiParam({ name: 'id', description: 'flow id' })
  @ApiBody({ schema: openApi(FlowGraphDoc) })
  @ApiOkResponse({ schema: openApi(FlowProblemsBody, 'output') })
  @ApiBadRequestResponse({ description: 'REQUEST.INVALID naming each bad field' })
  @ApiNotFoundResponse({ description: "FLOW.NOT_FOUND (also for another tenant's flow)" })
  validate(
    @TenantId() tenantId: string,
    @Param(new ZodValidationPipe(FlowIdParams)) params: z.infer<typeof FlowIdParams>,
    @Body(new ZodValidationPipe(FlowGraphBody)) graph: FlowGraphBody,
  ): Promise<{ problems: FlowProblem[] }> {
    return this.queries.execute(new ValidateFlowGraphQuery(tenantId, params.id, graph));
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'Get a version of a flow, with what would stop it from being published' })
  @ApiParam({ name: 'id', description: 'flow id' })
  @ApiParam({ name: 'version', description: 'version number, from 1' })
  @ApiOkResponse({ schema: VERSION })
  @ApiNotFoundResponse({ description: 'FLOW.NOT_FOUND, FLOW.VERSION_NOT_FOUND' })
  getVersion(
    @TenantId() tenantId: string,
    @Param(new ZodValidationPipe(FlowVersionParams)) params: z.infer<typeof FlowVersionParams>,
  ): Promise<FlowVersionView> {
    return this.queries.execute(new GetFlowVersionQuery(tenantId, params.id, params.version));
  }

  @Post(':id/versions/:version/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish a version: calls run it from now on',
    description:
      'Checks the whole graph (one Entry, every path to an Exit, valid activity parameters) and asks media ' +
      'whether every prompt it names exists in the tenant. Publishing the published version again is a no-op; ' +
      'publishing an older one rolls back.',
  })
  @ApiParam({ name: 'id', description: 'flow id' })
  @ApiParam({ name: 'version', description: 'version number, from 1' })
  @ApiOkResponse({ schema: FLOW })
  @ApiBadRequestResponse({
    description:
      'FLOW.GRAPH_INVALID: details.problems names each problem (code, node, field); missing prompts are ' +
      'FLOW.PROMPT_NOT_FOUND problems, and details.missingPromptIds lists them',
  })
  @ApiNotFoundResponse({ description: 'FLOW.NOT_FOUND, FLOW.VERSION_NOT_FOUND' })
  @ApiConflictResponse({ description: 'FLOW.CHANGED_CONCURRENTLY' })
  @ApiServiceUnavailableResponse({
    description: 'FLOW.DEPENDENCY_UNAVAILABLE: media did not answer, nothing was published; try again',
  })
  publish(
    @TenantId() tenantId: string,
    @Param(new ZodValidationPipe(FlowVersionParams)) params: z.infer<typeof FlowVersionParams>,
  ): Promise<FlowView> {
    return this.commands.execute(new PublishFlowVersionCommand(tenantId, params.id, params.version));
  }
}
