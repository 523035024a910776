import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { CallLog, NO_SEQUENCE, parseCallStatus } from '@tp/dispatch-domain';
import { NOT_IN_SERVICE, type CallAnswer } from '../../../common/call-answer';
import { CallTurns } from '../call-turns';
import { FlowSessions } from '../ports/flow-sessions.port';
import { AnswerCallCommand } from './answer-call.command';

/**
 * Dispatches a new call: the active mapping of the number called gives the tenant and the flow;
 * flow-runtime starts (or, for a retried webhook, finds) the call's session and answers its first
 * turn. The CallSid is passed through unchanged: flow-runtime is idempotent by it. A number with no
 * active mapping is not in service.
 */
@CommandHandler(AnswerCallCommand)
export class AnswerCallHandler implements ICommandHandler<AnswerCallCommand> {
  constructor(
    private readonly sessions: FlowSessions,
    private readonly calls: CallLog,
    private readonly turns: CallTurns,
    private readonly clock: Clock,
  ) {}

  async execute({ origin, call, deadline }: AnswerCallCommand): Promise<CallAnswer> {
    const mapping = origin.mapping;
    if (!mapping || !mapping.acceptsCalls) return NOT_IN_SERVICE;
    const turn = await this.sessions.start(
      {
        tenantId: mapping.tenantId,
        flowId: mapping.flowId,
        callSid: call.callSid,
        from: call.from,
        to: mapping.phoneNumber,
        ...(call.stirVerstat ? { stirVerstat: call.stirVerstat } : {}),
      },
      deadline.budgetMs(),
    );
    const now = this.clock.now();
    await this.calls.record({
      callSid: call.callSid,
      tenantId: mapping.tenantId,
      mappingId: mapping.id,
      twilioAccount: mapping.twilioAccount,
      direction: 'inbound',
      from: call.from,
      to: mapping.phoneNumber,
      sessionId: turn.sessionId,
      progress: { status: parseCallStatus(call.callStatus) ?? 'ringing', sequence: NO_SEQUENCE },
      createdAt: now,
      updatedAt: now,
    });
    return this.turns.answer(turn, {
      tenantId: mapping.tenantId,
      callSid: call.callSid,
      twilioAccount: mapping.twilioAccount,
      contactPoint: mapping.phoneNumber,
    });
  }
}
