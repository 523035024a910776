import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { PresenceView } from '@tp/contracts';
import { PageQuerySchema, TenantAdminGuard, TenantId, ZodValidationPipe, type PageQuery } from '@tp/platform';
import { z } from 'zod';
import { AgentSessionsQuery } from '../application/agent-sessions/agent-sessions.query';
import { GetPresenceQuery } from '../application/get-presence/get-presence.query';
import { GoOfflineCommand } from '../application/go-offline/go-offline.command';
import { ForceOnlineCommand } from '../application/force-online/force-online.command';
import { ListOnlineQuery } from '../application/list-online/list-online.query';
import type { Page, TimedSessionView } from '../application/ports/presence-read-model.port';

const ForceOnlineSchema = z.strictObject({ hours: z.number().int().min(1).max(99) });
/** Agents are identity's users, whose ids are UUIDs. */
const AgentIdPipe = new ZodValidationPipe(z.uuid('an agent id is a UUID'));

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
  ) {}

  @Get('online')
  @ApiOperation({ summary: 'Agents online or busy now, soonest expiry first (paged).' })
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
