import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APOLOGY, type CallAnswer } from '../../../common/call-answer';
import { CallTurns } from '../call-turns';
import { FlowSessions } from '../ports/flow-sessions.port';
import { ContinueCallCommand } from './continue-call.command';

/**
 * Hands the keys of a turn to flow-runtime, passing session and turn through unchanged (it is
 * idempotent by them, so a retried webhook gets the same next turn and changes nothing).
 */
@CommandHandler(ContinueCallCommand)
export class ContinueCallHandler implements ICommandHandler<ContinueCallCommand> {
  private readonly logger = new Logger(ContinueCallHandler.name);

  constructor(
    private readonly sessions: FlowSessions,
    private readonly turns: CallTurns,
  ) {}

  async execute({
    origin,
    callSid,
    sessionId,
    turn,
    digits,
    deadline,
  }: ContinueCallCommand): Promise<CallAnswer> {
    const tenantId = origin.tenantId;
    if (tenantId === null) {
      this.logger.warn(`keys for session ${sessionId} of an unknown call ${callSid}`);
      return APOLOGY;
    }
    if (origin.call?.sessionId != null && origin.call.sessionId !== sessionId) {
      this.logger.warn(
        `keys for session ${sessionId}, but call ${callSid} runs session ${origin.call.sessionId}`,
      );
      return APOLOGY;
    }
    const next = await this.sessions.input({ tenantId, sessionId, turn, digits }, deadline.budgetMs());
    const call = origin.call;
    if (call === null) {
      return { outcome: 'ok', steps: next.steps, turn: { sessionId: next.sessionId, turn: next.turn } };
    }
    return this.turns.answer(next, {
      tenantId,
      callSid,
      twilioAccount: call.twilioAccount,
      contactPoint: call.direction === 'inbound' ? call.to : call.from,
    });
  }
}
