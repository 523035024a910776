import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import {
  CallLog,
  chooseAgentNumber,
  chooseNoticeContactPoint,
  considerExpiryNotice,
  DispatchMappingRepository,
  NO_SEQUENCE,
  NoticeCallRepository,
} from '@tp/dispatch-domain';
import { AgentContacts } from '../../../common/ports/agent-contacts.port';
import { FlowSessions } from '../ports/flow-sessions.port';
import { OutboundCallRefused, OutboundCalls } from '../../../common/ports/outbound-calls.port';
import { PublicUrls } from '../../../common/public-urls';
import { TwilioCredentialsSource } from '../../../common/twilio-credentials.source';
import { NotifyExpiredAgentCommand, type ExpiryNoticeResult } from './notify-expired-agent.command';

/**
 * Calls an agent whose hours ran out, when the flow they logged in through asks for it
 * (flow-runtime's `expiry-notice`): from the contact point of that flow (so the agent sees the
 * number they dial), to their first PSTN number (identity's `get-user-contact`), through the Twilio
 * account that owns the contact point. What they hear is stored with the notice and played when
 * Twilio fetches `/twilio/notice`. A dependency that fails throws (the event is redelivered);
 * Twilio refusing the call is recorded and not retried.
 */
@CommandHandler(NotifyExpiredAgentCommand)
export class NotifyExpiredAgentHandler implements ICommandHandler<NotifyExpiredAgentCommand> {
  private readonly logger = new Logger(NotifyExpiredAgentHandler.name);

  constructor(
    private readonly sessions: FlowSessions,
    private readonly mappings: DispatchMappingRepository,
    private readonly contacts: AgentContacts,
    private readonly credentials: TwilioCredentialsSource,
    private readonly outbound: OutboundCalls,
    private readonly notices: NoticeCallRepository,
    private readonly calls: CallLog,
    private readonly urls: PublicUrls,
    private readonly clock: Clock,
  ) {}

  async execute(command: NotifyExpiredAgentCommand): Promise<ExpiryNoticeResult> {
    const { eventId, tenantId, agentId } = command;
    const decision = considerExpiryNotice(command, this.clock.now());
    if (decision !== 'consider') return decision;

    const answer = await this.sessions.expiryNotice(tenantId, agentId);
    if (!answer.notify) return 'not-asked';
    const mapping = chooseNoticeContactPoint(await this.mappings.findByFlow(tenantId, answer.flowId));
    if (mapping === null) {
      this.logger.warn(`no active contact point maps to flow ${answer.flowId}: agent ${agentId} not called`);
      return 'no-contact-point';
    }
    const pstnNumbers = await this.contacts.pstnNumbersOf(tenantId, agentId);
    if (pstnNumbers === null) return 'unknown-agent';
    const to = chooseAgentNumber(pstnNumbers);
    if (to === null) {
      this.logger.warn(`agent ${agentId} has no PSTN number to call`);
      return 'no-phone-number';
    }
    const credentials = await this.credentials.forOwner(mapping.twilioAccount, tenantId);
    if (credentials === null) {
      this.logger.warn(`the ${mapping.twilioAccount} Twilio account of mapping ${mapping.id} is not set`);
      return 'no-account';
    }

    const now = this.clock.now();
    // Stored before the call is placed: the answer (Twilio fetching the notice URL) may come before
    // this handler returns, to any replica.
    const notice = await this.notices.save({
      id: randomUUID(),
      tenantId,
      agentId,
      eventId,
      mappingId: mapping.id,
      twilioAccount: mapping.twilioAccount,
      from: mapping.phoneNumber,
      to,
      steps: answer.steps,
      outcome: 'placing',
      callSid: null,
      failure: null,
      createdAt: now,
    });
    if (notice.outcome === 'placed') return 'placed'; // this event's call, placed by an earlier delivery
    if (notice.outcome === 'failed') return 'refused';
    let callSid: string;
    try {
      ({ callSid } = await this.outbound.place({
        credentials,
        to: notice.to,
        from: notice.from,
        url: this.urls.notice(notice.id),
        statusCallback: this.urls.status(),
      }));
    } catch (error) {
      if (!(error instanceof OutboundCallRefused)) {
        await this.notices.discard(notice.id).catch(() => undefined);
        throw error;
      }
      const failure = `Twilio refused the call: ${error.status}${error.twilioCode ? ` (${error.twilioCode})` : ''} ${error.message}`;
      this.logger.warn(`expiry notice to agent ${agentId} not placed: ${failure}`);
      await this.notices.settle(notice.id, 'failed', null, failure);
      return 'refused';
    }
    await this.notices.settle(notice.id, 'placed', callSid, null);
    await this.calls.record({
      callSid,
      tenantId,
      mappingId: mapping.id,
      twilioAccount: mapping.twilioAccount,
      direction: 'outbound-notice',
      from: notice.from,
      to: notice.to,
      sessionId: null,
      progress: { status: 'queued', sequence: NO_SEQUENCE },
      createdAt: now,
      updatedAt: now,
    });
    this.logger.log(`expiry notice call ${callSid} placed to agent ${agentId}`);
    return 'placed';
  }
}
