import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { TenantAdminGuard, TenantId, ZodValidationPipe } from '@tp/platform';
import { QueueBoard, type QueueBoardView } from '../../application/queue-board/queue-board';
import { openApi, QueueBoardBody, QueueBoardQuery } from './routing-queues.dto';

/** Routing's own admin reads, for the console's live queue view: translation only. */
@ApiTags('routing')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No or invalid tenant credential.' })
@UseGuards(TenantAdminGuard)
@Controller('v1/routing')
export class RoutingQueuesHttpController {
  constructor(private readonly board: QueueBoard) {}

  @Get('queues')
  @ApiOperation({
    summary:
      "The tenant's queues now: calls waiting per skill set with their wait, the offers ringing, and the waits that ended in the period.",
  })
  @ApiQuery({
    name: 'periodMinutes',
    required: false,
    schema: { type: 'integer', minimum: 5, maximum: 1440, default: 60 },
  })
  @ApiOkResponse({ schema: openApi(QueueBoardBody) })
  @ApiBadRequestResponse({ description: 'periodMinutes not an integer in 5..1440,.' })
  queues(
    @TenantId() tenantId: string,
    @Query(new ZodValidationPipe(QueueBoardQuery)) query: QueueBoardQuery,
  ): Promise<QueueBoardView> {
    return this.board.read(tenantId, query.periodMinutes);
  }
}
