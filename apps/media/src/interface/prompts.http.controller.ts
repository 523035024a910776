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
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
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
import { PROMPT_ROLES_V1, PromptV1Schema } from '@tp/contracts';
import { TenantAdminGuard, TenantId, ZodValidationPipe } from '@tp/platform';
import { CreatePromptCommand } from '../application/create-prompt/create-prompt.command';
import {
  CreateStarterSetCommand,
  type StarterSetResult,
} from '../application/create-starter-set/create-starter-set.command';
import { DeletePromptCommand } from '../application/delete-prompt/delete-prompt.command';
import { GetPromptQuery } from '../application/get-prompt/get-prompt.query';
import { ListPromptsQuery, type PromptListView } from '../application/list-prompts/list-prompts.query';
import type { PromptView } from '../application/prompt.view';
import { UpdatePromptCommand } from '../application/update-prompt/update-prompt.command';
import {
  CreatePromptBody,
  ListPromptsQueryParams,
  PromptListBody,
  StarterSetBody,
  StarterSetResultBody,
  UpdatePromptBody,
  openApi,
} from './prompts.dto';

/** The part of Fastify's reply this controller touches. */
interface StatusReply {
  status(code: number): unknown;
}

const PROMPT = openApi(PromptV1Schema, 'output');

/** Admin API of a tenant's prompts. Translates only: DTO in, command or query out, view back. */
@ApiTags('prompts')
@ApiBearerAuth()
@UseGuards(TenantAdminGuard)
@Controller('v1/prompts')
export class PromptsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a prompt: text-to-speech (text, voice, language) or an https audio URL' })
  @ApiBody({ schema: openApi(CreatePromptBody) })
  @ApiCreatedResponse({ schema: PROMPT })
  @ApiConflictResponse({ description: 'MEDIA.PROMPT_NAME_TAKEN: another prompt of the tenant has this name' })
  create(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(CreatePromptBody)) body: CreatePromptBody,
  ): Promise<PromptView> {
    return this.commands.execute(
      new CreatePromptCommand(tenantId, body.name, body.content, body.role ?? null),
    );
  }

  @Post('starter-set')
  @ApiOperation({
    summary:
      "Create the Timed Presence starter prompts the tenant does not have yet: the vendor page's seven, the until-a-time pair and the timed break's two",
    description:
      'Idempotent by role: a role the tenant already has a prompt for is left alone (status `exists`). ' +
      'Answers 201 when it created any prompt, 200 when it created none.',
  })
  @ApiBody({ schema: openApi(StarterSetBody), required: false })
  @ApiCreatedResponse({ schema: openApi(StarterSetResultBody, 'output') })
  @ApiOkResponse({
    description: 'Nothing to create: every role exists',
    schema: openApi(StarterSetResultBody, 'output'),
  })
  async createStarterSet(
    @TenantId() tenantId: string,
    @Body(new ZodValidationPipe(StarterSetBody)) body: StarterSetBody,
    @Res({ passthrough: true }) reply: StatusReply,
  ): Promise<StarterSetResult> {
    const result = await this.commands.execute(new CreateStarterSetCommand(tenantId, body.voice));
    reply.status(result.created > 0 ? 201 : 200);
    return result;
  }

  @Get()
  @ApiOperation({ summary: "List the tenant's prompts by name, a page at a time, optionally by role" })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  @ApiQuery({ name: 'role', required: false, enum: PROMPT_ROLES_V1 })
  @ApiOkResponse({ schema: openApi(PromptListBody, 'output') })
  list(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(ListPromptsQueryParams)) query: ListPromptsQueryParams,
  ): Promise<PromptListView> {
    return this.queries.execute(new ListPromptsQuery(tenantId, query.limit, query.offset, query.role));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a prompt' })
  @ApiParam({ name: 'id', description: 'prompt id' })
  @ApiOkResponse({ schema: PROMPT })
  @ApiNotFoundResponse({ description: "MEDIA.PROMPT_NOT_FOUND (also for another tenant's prompt)" })
  get(@TenantId() tenantId: string, @Param('id') id: string): Promise<PromptView> {
    return this.queries.execute(new GetPromptQuery(tenantId, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a prompt's name, role or content" })
  @ApiParam({ name: 'id', description: 'prompt id' })
  @ApiBody({ schema: openApi(UpdatePromptBody) })
  @ApiOkResponse({ schema: PROMPT })
  @ApiNotFoundResponse({ description: 'MEDIA.PROMPT_NOT_FOUND' })
  @ApiConflictResponse({
    description:
      'MEDIA.PROMPT_NAME_TAKEN, MEDIA.PROMPT_VERSION_MISMATCH or MEDIA.PROMPT_CHANGED_CONCURRENTLY',
  })
  update(
    @TenantId() tenantId: string,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(UpdatePromptBody)) body: UpdatePromptBody,
  ): Promise<PromptView> {
    const { expectedVersion, ...changes } = body;
    return this.commands.execute(new UpdatePromptCommand(tenantId, id, changes, expectedVersion));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a prompt that no published flow plays',
    description: 'Flow-runtime is asked first; when it does not answer, nothing is deleted (503).',
  })
  @ApiParam({ name: 'id', description: 'prompt id' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'MEDIA.PROMPT_NOT_FOUND' })
  @ApiConflictResponse({
    description: 'MEDIA.PROMPT_IN_USE: details.flows names the published flows that play it',
  })
  @ApiServiceUnavailableResponse({
    description: 'MEDIA.USAGE_UNKNOWN: flow-runtime did not answer; try again',
  })
  async delete(@TenantId() tenantId: string, @Param('id') id: string): Promise<void> {
    await this.commands.execute(new DeletePromptCommand(tenantId, id));
  }
}
