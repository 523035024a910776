import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { localClockTime, smsTexts } from '@tp/dispatch-domain';
import { AgentWindows } from '../ports/sms.ports';
import { AgentSms } from '../sms/agent-sms';
import { SendDueRemindersCommand } from './send-due-reminders.command';

/**
 * Claims the reminders due now (so that no other replica sends them: at most once) and sends each:
 * "You go offline at 18:00. Reply 1 ..." in the agent's zone. A window that has ended by now gets
 * none. One failing message does not hold up the others; it is not sent again.
 */
@CommandHandler(SendDueRemindersCommand)
export class SendDueRemindersHandler implements ICommandHandler<SendDueRemindersCommand> {
  private readonly logger = new Logger(SendDueRemindersHandler.name);

  constructor(
    private readonly windows: AgentWindows,
    private readonly sms: AgentSms,
    private readonly clock: Clock,
  ) {}

  async execute({ limit }: SendDueRemindersCommand): Promise<number> {
    const now = this.clock.now();
    const due = await this.windows.claimDue(now, limit);
    await Promise.all(
      due.map(async (window) => {
        const end = window.expiresAt;
        if (end === null || end.getTime() <= now.getTime()) return;
        await this.sms
          .send({
            tenantId: window.tenantId,
            agentId: window.agentId,
            kind: 'reminder',
            eventId: null,
            windowEnd: end,
            body: (timeZone) => smsTexts.reminder(localClockTime(end, timeZone)),
          })
          .catch((error: unknown) =>
            this.logger.warn(
              `reminder to agent ${window.agentId} not sent: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
      }),
    );
    return due.length;
  }
}
