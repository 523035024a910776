import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { TenantAdminGuard, TenantId, ZodValidationPipe } from '@tp/platform';
import { z } from 'zod';
import { OnlineHistoryQuery } from '../application/online-history/online-history.query';
import {
  ONLINE_HISTORY_STEPS,
  type OnlineHistoryStep,
  type OnlineHistoryView,
} from '../application/online-history/online-series';

const STEPS = Object.keys(ONLINE_HISTORY_STEPS) as [OnlineHistoryStep, ...OnlineHistoryStep[]];

const OnlineHistoryParams = z.object({
  hours: z.coerce.number().int().min(1).max(168).default(24),
  step: z.enum(STEPS, { message: `a step is one of ${STEPS.join(', ')}` }).default('15m'),
});

const OnlineHistoryBody = z.object({
  from: z.string(),
  to: z.string(),
  step: z.enum(STEPS),
  stepSeconds: z.number().int(),
  skills: z.array(z.string()).describe('every skill of an agent online in the window, lower case, sorted'),
  points: z.array(
    z.object({
      at: z.string().describe('the start of the step'),
      online: z.number().int().describe('agents online at some time in the step'),
      skills: z.record(z.string(), z.number().int()).describe('of those, how many hold each skill'),
    }),
  ),
});

/** The chart of agents online per skill, for the console's Activity page: translation only. */
@ApiTags('presence')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'No or invalid tenant credential.' })
@UseGuards(TenantAdminGuard)
@Controller('v1/presence')
export class OnlineHistoryHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get('online-history')
  @ApiOperation({
    summary:
      'Agents online per step and per skill over the last hours, from the timed session history and the skills identity holds now.',
  })
  @ApiQuery({
    name: 'hours',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 168, default: 24 },
  })
  @ApiQuery({ name: 'step', required: false, schema: { type: 'string', enum: STEPS, default: '15m' } })
  @ApiOkResponse({
    schema: z.toJSONSchema(OnlineHistoryBody, { target: 'openapi-3.0', io: 'output' }) as SchemaObject,
  })
  @ApiResponse({
    status: 400,
    description: 'hours not an integer in 1..168, or step not one of 5m, 15m, 30m, 1h.',
  })
  @ApiResponse({
    status: 503,
    description: "Identity did not tell the agents' skills (PRESENCE.SKILLS_UNAVAILABLE).",
  })
  history(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(OnlineHistoryParams)) query: z.infer<typeof OnlineHistoryParams>,
  ): Promise<OnlineHistoryView> {
    return this.queries.execute(new OnlineHistoryQuery(tenantId, query.hours, query.step));
  }
}
