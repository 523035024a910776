import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CallRouting } from '../../../routing';
import { APOLOGY, type CallAnswer } from '../../../common/call-answer';
import { CallTurns } from '../call-turns';
import { FlowSessions } from '../ports/flow-sessions.port';
import { EndQueueWaitCommand } from './end-queue-wait.command';

/**
 * Ends the wait through routing, reports how it ended to flow-runtime (`queue-result`, idempotent
 * by session and turn: Twilio may request both the action and the dequeued caller's URL, in either
 * order, and the flow advances once) and answers the flow's next turn.
 */
@CommandHandler(EndQueueWaitCommand)
export class EndQueueWaitHandler implements ICommandHandler<EndQueueWaitCommand> {
  constructor(
    private readonly routing: CallRouting,
    private readonly sessions: FlowSessions,
    private readonly turns: CallTurns,
  ) {}

  async execute({
    tenantId,
    callSid,
    waitingCallId,
    queueResult,
    deadline,
  }: EndQueueWaitCommand): Promise<CallAnswer> {
    const ended = await this.routing.endWait(tenantId, callSid, waitingCallId, queueResult);
    if (!ended) return APOLOGY;
    const next = await this.sessions.queueResult(
      { tenantId: ended.tenantId, sessionId: ended.sessionId, turn: ended.turn, outcome: ended.outcome },
      deadline.budgetMs(),
    );
    return this.turns.answer(next, ended);
  }
}
