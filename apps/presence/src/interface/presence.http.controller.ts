import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
  type SchemaObject,
} from '@nestjs/swagger';
import { PresenceViewSchema, type PresenceView } from '@tp/contracts';
import { PageQuerySchema, TenantAdminGuard, TenantId, ZodValidationPipe, type PageQuery } from '@tp/platform';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AgentSessionsQuery } from '../application/agent-sessions/agent-sessions.query';
import { GetPresenceQuery } from '../application/get-presence/get-presence.query';
import { GoOfflineCommand } from '../application/go-offline/go-offline.command';
import { ForceOnlineCommand } from '../application/force-online/force-online.command';
import { ListOnlineQuery } from '../application/list-online/list-online.query';
import type { Page, TimedSessionView } from '../application/ports/presence-read-model.port';
import { PresenceBoardStreams } from './presence-board.streams';

const PresencePageSchema = z.object({
  items: z.array(PresenceViewSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
/** A zod schema as the OpenAPI document's response schema. */
const openApi = (schema: z.ZodType): SchemaObject =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output' }) as SchemaObject;
const ForceOnlineSchema = z.strictObject({ hours: z.number().int().min(1).max(99) });
/** Agents are identity's users, whose ids are UUIDs. */
const AgentIdPipe = new ZodValidationPipe(z.uuid('an agent id is a UUID'));
/** The SSE `id` a reconnecting client last received: a stream sequence. */
const LastEventIdPipe = new ZodValidationPipe(
  z
    .string()
    .regex(/^\d{1,15}$/, 'a stream sequence: up to 15 digits')
    .optional()
    .transform((v) => (v === undefined ? null : Number(v))),
);

/** Admin API of presence, scoped to the tenant of the bearer credential: translation only. */
@ApiTags('presence')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No or invalid tenant credential.' })
@UseGuards(TenantAdminGuard)
@Controller('v1/presence')
export class PresenceHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly boards: PresenceBoardStreams,
  ) {}

  @Get('stream')
  @ApiOperation({
    summary: "The tenant's presence, live (server-sent events).",
    description:
      'First `event: snapshot` (`{agents:[{agentId,state,expiresAt,breakEndsAt,sequence,reason,changedAt}]}`; `state` is offline, online, busy or on-break, `breakEndsAt` set exactly while on a break), then ' +
      '`event: presence` (`{type, agent}`) for each change, and `event: position` when only the position ' +
      'moves. Every message has an `id` (the presence stream sequence): reconnect with `Last-Event-ID` to ' +
      'get what came after it, or a fresh snapshot if that is too far behind. A comment line every 15 s ' +
      'keeps proxies from closing the connection. See ADR 22.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The `id` of the last message received.',
  })
  @ApiResponse({ status: 200, description: 'An event stream that stays open.' })
  @ApiResponse({ status: 400, description: 'Last-Event-ID is not a stream sequence.' })
  @ApiResponse({ status: 503, description: 'This replica serves as many boards as it may (Retry-After).' })
  stream(
    @TenantId() tenantId: string,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lastEventId = LastEventIdPipe.transform(lastEventIdHeader, {
      type: 'custom',
      data: 'Last-Event-ID',
    });
    return this.boards.serve(tenantId, lastEventId, reply);
  }

  @Get('online')
  @ApiOperation({ summary: 'Agents online, busy or on a break now, soonest expiry first (paged).' })
  @ApiOkResponse({ schema: openApi(PresencePageSchema) })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } })
  listOnline(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(PageQuerySchema)) page: PageQuery,
  ): Promise<Page<PresenceView>> {
    return this.queries.execute(new ListOnlineQuery(tenantId, page.limit, page.offset));
  }

  @Get('agents/:agentId')
  @ApiOperation({ summary: "An agent's current presence (offline with sequence 0 if they never signed in)." })
  @ApiOkResponse({ schema: openApi(PresenceViewSchema) })
  @ApiParam({ name: 'agentId' })
  get(@TenantId() tenantId: string, @Param('agentId', AgentIdPipe) agentId: string): Promise<PresenceView> {
    return this.queries.execute(new GetPresenceQuery(tenantId, agentId));
  }

  @Get('agents/:agentId/sessions')
  @ApiOperation({ summary: "An agent's timed sessions, newest first (paged)." })
  @ApiParam({ name: 'agentId' })
  sessions(
    @TenantId() tenantId: string,
    @Param('agentId', AgentIdPipe) agentId: string,
    @Query(new ZodValidationPipe(PageQuerySchema)) page: PageQuery,
  ): Promise<Page<TimedSessionView>> {
    return this.queries.execute(new AgentSessionsQuery(tenantId, agentId, page.limit, page.offset));
  }

  @Post('agents/:agentId/online')
  @HttpCode(200)
  @ApiOperation({ summary: 'Force an agent online for N hours from now (reason admin).' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['hours'],
      properties: { hours: { type: 'integer', minimum: 1, maximum: 99 } },
    },
  })
  @ApiResponse({
    status: 400,
    description: 'hours missing or out of 1..99, an unknown field, an agent id not a UUID.',
  })
  @ApiResponse({
    status: 404,
    description: 'The agent is not a user of the tenant (PRESENCE.AGENT_UNKNOWN).',
  })
  @ApiResponse({ status: 503, description: 'Identity did not answer; nothing was changed.' })
  forceOnline(
    @TenantId() tenantId: string,
    @Param('agentId', AgentIdPipe) agentId: string,
    @Body(new ZodValidationPipe(ForceOnlineSchema)) body: z.infer<typeof ForceOnlineSchema>,
  ): Promise<PresenceView> {
    return this.commands.execute(new ForceOnlineCommand(tenantId, agentId, body.hours));
  }

  @Post('agents/:agentId/offline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Force an agent offline now (reason admin).' })
  forceOffline(
    @TenantId() tenantId: string,
    @Param('agentId', AgentIdPipe) agentId: string,
  ): Promise<PresenceView> {
    return this.commands.execute(new GoOfflineCommand(tenantId, agentId, 'admin'));
  }
}
