import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { reminderDueAt, SMS_REMINDER_MINUTES_DEFAULT, smsTexts } from '@tp/dispatch-domain';
import { AgentWindows, SmsSettingsRepository } from '../ports/sms.ports';
import { AgentSms } from '../sms/agent-sms';
import { TrackAgentWindowCommand, type TrackWindowResult } from './track-agent-window.command';

/**
 * Follows an agent's window from presence events (ADR 28): a new end schedules its reminder (the
 * tenant's minutes before it, when the tenant's SMS are on), a changed end reschedules it, going
 * offline cancels it. Going offline as `unreachable` (missed offers) sends the notice with "Reply 1
 * to go back online", remembering the end of the window the agent lost.
 */
@CommandHandler(TrackAgentWindowCommand)
export class TrackAgentWindowHandler implements ICommandHandler<TrackAgentWindowCommand> {
  constructor(
    private readonly windows: AgentWindows,
    private readonly settings: SmsSettingsRepository,
    private readonly sms: AgentSms,
  ) {}

  async execute(command: TrackAgentWindowCommand): Promise<TrackWindowResult> {
    const { tenantId, agentId, sequence, expiresAt } = command;
    const settings = await this.settings.find(tenantId);
    const minutes = settings?.reminderMinutes ?? SMS_REMINDER_MINUTES_DEFAULT;
    const window = await this.windows.apply({
      tenantId,
      agentId,
      sequence,
      expiresAt,
      reminderDueAt: expiresAt !== null && settings?.enabled ? reminderDueAt(expiresAt, minutes) : null,
    });
    if (window === null) return 'stale';
    if (command.state !== 'offline' || command.reason !== 'unreachable') return 'tracked';
    const result = await this.sms.send({
      tenantId,
      agentId,
      kind: 'unreachable',
      eventId: command.eventId,
      windowEnd: window.lastExpiresAt,
      body: () => smsTexts.unreachable(),
    });
    return `unreachable-${result}`;
  }
}
