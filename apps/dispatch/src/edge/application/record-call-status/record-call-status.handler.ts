import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { CallLog, type CallProgress } from '@tp/dispatch-domain';
import { RecordCallStatusCommand } from './record-call-status.command';

/**
 * Records the status of a call: only a newer `SequenceNumber` is applied, and a terminal state
 * stays (the rule of `applyCallStatus`, applied atomically by the call log). A call dispatch has
 * not seen yet (its first webhook went elsewhere) is recorded when its number is mapped. Answers
 * the progress now stored, or null for a call of no tenant. (Routing builds on this.)
 */
@CommandHandler(RecordCallStatusCommand)
export class RecordCallStatusHandler implements ICommandHandler<RecordCallStatusCommand> {
  constructor(
    private readonly calls: CallLog,
    private readonly clock: Clock,
  ) {}

  async execute({ origin, callSid, report, call }: RecordCallStatusCommand): Promise<CallProgress | null> {
    const now = this.clock.now();
    if (origin.call === null) {
      const mapping = origin.mapping;
      if (mapping === null) return null;
      await this.calls.record({
        callSid,
        tenantId: mapping.tenantId,
        mappingId: mapping.id,
        twilioAccount: mapping.twilioAccount,
        direction:
          call.direction === undefined || call.direction === 'inbound' ? 'inbound' : 'outbound-notice',
        from: call.from,
        to: call.to,
        sessionId: null,
        progress: report,
        createdAt: now,
        updatedAt: now,
      });
    }
    return this.calls.applyStatus(callSid, report, now);
  }
}
