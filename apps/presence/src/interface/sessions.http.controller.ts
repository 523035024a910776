import { Controller, Get, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
  type SchemaObject,
} from '@nestjs/swagger';
import { AgentSessionDataV1Schema } from '@tp/contracts';
import { TenantAdminGuard, TenantId, ZodValidationPipe } from '@tp/platform';
import type { SessionRecordView } from '@tp/timed-presence-domain';
import { z } from 'zod';
import { ListSessionsQuery } from '../application/session-records/list-sessions.query';
import { ExportSessionsQuery } from '../application/session-records/export-sessions';
import type { SessionsPageView } from '../application/session-records/list-sessions.handler';
import { decodeSessionCursor } from '../application/session-records/session-cursor';
import { sessionsCsv } from './sessions.csv';

const Instant = z.iso.datetime({
  offset: true,
  message: 'an ISO 8601 instant, such as 2026-12-07T00:00:00Z',
});

const SessionsParams = z
  .object({
    agentId: z.uuid('an agent id is a UUID').optional(),
    from: Instant.optional(),
    to: Instant.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z
      .string()
      .optional()
      .transform((c, ctx) => {
        if (c === undefined) return null;
        const key = decodeSessionCursor(c);
        if (key === null) ctx.addIssue({ code: 'custom', message: 'not a cursor this API gave' });
        return key;
      }),
    format: z.enum(['json', 'csv'], { message: 'a format is json or csv' }).default('json'),
  })
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    path: ['to'],
    message: 'to must be after from',
  });
type SessionsParams = z.infer<typeof SessionsParams>;

const PageBody = z.object({
  items: z.array(AgentSessionDataV1Schema.omit({ tenantId: true })),
  nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last one'),
});

/** Per-session records (ADR 29), as JSON pages or one CSV download: translation only. */
@ApiTags('presence')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No or invalid tenant credential.' })
@UseGuards(TenantAdminGuard)
@Controller('v1/presence')
export class SessionsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('sessions')
  @ApiOperation({
    summary:
      "The tenant's timed sessions, newest first: how each started, planned and actual end, breaks, offers, talk time.",
    description:
      'Sessions started in [from, to), of one agent or all. JSON pages (keyset: pass nextCursor as cursor), or, ' +
      'with `format=csv`, every matching session as one RFC 4180 CSV download (text/csv, CRLF lines, a header ' +
      'line, streamed as it is read; limit and cursor do not apply).',
  })
  @ApiQuery({ name: 'agentId', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'from', required: false, schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({ name: 'to', required: false, schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  })
  @ApiQuery({ name: 'cursor', required: false, schema: { type: 'string' } })
  @ApiQuery({
    name: 'format',
    required: false,
    schema: { type: 'string', enum: ['json', 'csv'], default: 'json' },
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    schema: z.toJSONSchema(PageBody, { target: 'openapi-3.0', io: 'output' }) as SchemaObject,
  })
  @ApiResponse({
    status: 400,
    description:
      'agentId not a UUID, from/to not ISO instants or to not after from, limit not in 1..500, a cursor not given by this API, format not json or csv.',
  })
  async list(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(SessionsParams)) query: SessionsParams,
  ): Promise<SessionsPageView | StreamableFile> {
    const filter = {
      tenantId,
      agentId: query.agentId,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    };
    if (query.format === 'csv') {
      const sessions: AsyncIterable<SessionRecordView> = await this.queries.execute(
        new ExportSessionsQuery(filter),
      );
      return new StreamableFile(sessionsCsv(sessions), {
        type: 'text/csv; charset=utf-8; header=present',
        disposition: 'attachment; filename="sessions.csv"',
      });
    }
    return this.queries.execute(new ListSessionsQuery(filter, query.limit, query.cursor));
  }
}
