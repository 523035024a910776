import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { PhoneNumber } from '@tp/telephony-domain';
import {
  backOnlineUntil,
  localClockTime,
  parseSmsReply,
  SMS_EXTENSION_MS,
  SMS_REPLY_WINDOW_MS,
  smsTexts,
  type SmsReplyIntent,
} from '@tp/dispatch-domain';
import {
  AgentDirectory,
  AgentPresenceCommands,
  ReceivedSmsLog,
  SentSmsLog,
  SmsOptOuts,
} from '../ports/sms.ports';
import { AgentSms } from '../sms/agent-sms';
import { ReceiveSmsCommand } from './receive-sms.command';

/**
 * An agent's reply (ADR 28), applied once per MessageSid (Twilio's retry gets the same answer and
 * changes nothing). Only the tenant's sender number with SMS on takes replies, and only from a
 * number that is an extension of one of the tenant's agents (identity); anything else changes
 * nothing and is answered with an empty response. `1` after a reminder moves the end of that
 * window one hour later (compare and set on it: a second `1` adds nothing); `1` after the
 * unreachable notice brings the agent back until the window they lost, or for one hour; `0` goes
 * offline (`agent-logoff`). STOP and its kin opt the number out (Twilio confirms it itself), START
 * and its kin back in, HELP says what to send.
 */
@CommandHandler(ReceiveSmsCommand)
export class ReceiveSmsHandler implements ICommandHandler<ReceiveSmsCommand> {
  constructor(
    private readonly sms: AgentSms,
    private readonly directory: AgentDirectory,
    private readonly presence: AgentPresenceCommands,
    private readonly sent: SentSmsLog,
    private readonly received: ReceivedSmsLog,
    private readonly optOuts: SmsOptOuts,
    private readonly clock: Clock,
  ) {}

  async execute(command: ReceiveSmsCommand): Promise<string | null> {
    const { tenantId, messageSid } = command;
    if (tenantId === null) return null;
    const sender = await this.sms.senderOf(tenantId);
    if (typeof sender === 'string' || PhoneNumber.tryParse(command.to)?.value !== sender.from) return null;
    const claim = await this.received.claim(messageSid, tenantId, this.clock.now());
    if (!claim.first) return claim.answer;
    let answer: string | null;
    try {
      answer = await this.answer(tenantId, command);
    } catch (error) {
      await this.received.release(messageSid).catch(() => undefined);
      throw error;
    }
    await this.received.settle(messageSid, answer);
    return answer;
  }

  private async answer(tenantId: string, { from, body }: ReceiveSmsCommand): Promise<string | null> {
    const agent = await this.directory.findByPhone(tenantId, from);
    if (agent === null) return null;
    const intent = parseSmsReply(body);
    switch (intent) {
      case 'stop':
        await this.optOuts.optOut(tenantId, agent.phoneNumber, this.clock.now());
        return null;
      case 'start':
        await this.optOuts.optIn(tenantId, agent.phoneNumber);
        return smsTexts.optedIn();
      case 'help':
      case 'unknown':
        return smsTexts.help();
      default:
        return this.act(tenantId, agent.agentId, agent.timeZone, intent);
    }
  }

  private async act(
    tenantId: string,
    agentId: string,
    timeZone: string,
    intent: Extract<SmsReplyIntent, 'extend' | 'offline'>,
  ): Promise<string> {
    const now = this.clock.now();
    const last = await this.sent.lastSent(tenantId, agentId, new Date(now.getTime() - SMS_REPLY_WINDOW_MS));
    if (last === null) return smsTexts.nothingToAnswer();
    const time = (at: Date | null) => localClockTime(at ?? now, timeZone);
    if (intent === 'offline') {
      await this.presence.goOffline(tenantId, agentId);
      return smsTexts.offline();
    }
    if (last.kind === 'unreachable') {
      const after = await this.presence.extendWindow(
        tenantId,
        agentId,
        backOnlineUntil(last.windowEnd, now),
        null,
      );
      return after.state === 'offline' ? smsTexts.notOnline() : smsTexts.backOnline(time(after.expiresAt));
    }
    const current = await this.presence.get(tenantId, agentId);
    if (current.state === 'offline' || current.expiresAt === null || last.windowEnd === null)
      return smsTexts.notOnline();
    const after =
      current.expiresAt.getTime() === last.windowEnd.getTime()
        ? await this.presence.extendWindow(
            tenantId,
            agentId,
            new Date(last.windowEnd.getTime() + SMS_EXTENSION_MS),
            last.windowEnd,
          )
        : current;
    return smsTexts.extended(time(after.expiresAt));
  }
}
