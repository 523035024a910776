import { Command } from '@nestjs/cqrs';
import type { QueueOutcome, SessionTurn } from '@tp/contracts';

/** How a customer's wait in a queue ended, as `flow-runtime.cmd.queue-result` carries it. */
export class QueueResultCommand extends Command<SessionTurn> {
  constructor(
    readonly tenantId: string,
    readonly sessionId: string,
    readonly turn: number,
    readonly outcome: QueueOutcome,
    /** How long the caller still waits for the answer (from the request's deadline). */
    readonly callerWaitsMs = Number.POSITIVE_INFINITY,
  ) {
    super();
  }
}
