import { Command } from '@nestjs/cqrs';
import type { Deadline } from '@tp/ddd';
import type { CallAnswer } from '../../../common/call-answer';

/**
 * A caller's wait in a queue ended: the `<Enqueue>` action (`QueueResult`), or the URL a caller
 * dispatch dequeued at the maximum wait runs (`redirected`). Signature verified.
 */
export class EndQueueWaitCommand extends Command<CallAnswer> {
  constructor(
    readonly tenantId: string | null,
    readonly callSid: string,
    readonly waitingCallId: string,
    readonly queueResult: string | undefined,
    readonly deadline: Deadline,
  ) {
    super();
  }
}
