import type { Provider, Type } from '@nestjs/common';
import { QueueBoard } from './application/queue-board/queue-board';
import { QueueBoardReads } from './application/queue-board/queue-board.port';
import { PostgresQueueBoardReads } from './infrastructure/persistence/postgres-queue-board.reads';
import { RoutingQueuesHttpController } from './interface/http/routing-queues.http.controller';

/** Routing's own HTTP reads (the console's queue board), apart from the engine's providers. */
export const routingControllers: Type[] = [RoutingQueuesHttpController];
export const routingReadProviders: Provider[] = [
  { provide: QueueBoardReads, useClass: PostgresQueueBoardReads },
  QueueBoard,
];
