import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@tp/ddd';
import { DispatchMappingRepository, type SmsKind, type TwilioCredentials } from '@tp/dispatch-domain';
import { TwilioCredentialsSource } from '../../../common/twilio-credentials.source';
import {
  AgentDirectory,
  SentSmsLog,
  SmsOptOuts,
  SmsRefused,
  SmsSender,
  SmsSettingsRepository,
  type SmsSettings,
} from '../ports/sms.ports';

/** What came of one SMS to an agent. */
export type AgentSmsResult =
  | 'sent'
  | 'refused'
  | 'sms-off'
  | 'no-sender'
  | 'no-account'
  | 'no-phone-number'
  | 'opted-out'
  | 'sent-before';

export interface AgentSmsRequest {
  readonly tenantId: string;
  readonly agentId: string;
  readonly kind: SmsKind;
  /** The presence event it answers (null for a reminder: the window store claims those once). */
  readonly eventId: string | null;
  readonly windowEnd: Date | null;
  /** The text, in the agent's time zone. */
  readonly body: (timeZone: string) => string;
}

/** The sender of a tenant whose SMS are on: its number and the Twilio account that owns it. */
export interface TenantSmsSender {
  readonly settings: SmsSettings;
  readonly from: string;
  readonly credentials: TwilioCredentials;
}

/**
 * Sends one SMS to an agent (ADR 28): only when the tenant switched SMS on, from its sender number
 * (an active contact point of the tenant), through the Twilio account that owns that number, to
 * the agent's first PSTN number unless it opted out (STOP). Each message is logged with what it is
 * about, so that a reply can be read against it. Twilio refusing it is logged and not retried; any
 * other failure is thrown.
 */
@Injectable()
export class AgentSms {
  private readonly logger = new Logger(AgentSms.name);

  constructor(
    private readonly settings: SmsSettingsRepository,
    private readonly mappings: DispatchMappingRepository,
    private readonly credentials: TwilioCredentialsSource,
    private readonly directory: AgentDirectory,
    private readonly optOuts: SmsOptOuts,
    private readonly sender: SmsSender,
    private readonly log: SentSmsLog,
    private readonly clock: Clock,
  ) {}

  /** The tenant's sender when its SMS are on and its number is an active contact point of its own. */
  async senderOf(tenantId: string): Promise<TenantSmsSender | 'sms-off' | 'no-sender' | 'no-account'> {
    const settings = await this.settings.find(tenantId);
    if (!settings?.enabled) return 'sms-off';
    if (settings.senderNumber === null) return 'no-sender';
    const mapping = await this.mappings.findByPhoneNumber(settings.senderNumber);
    if (!mapping || mapping.tenantId !== tenantId || !mapping.active) return 'no-sender';
    const credentials = await this.credentials.forOwner(mapping.twilioAccount, tenantId);
    if (credentials === null) return 'no-account';
    return { settings, from: mapping.phoneNumber, credentials };
  }

  async send(request: AgentSmsRequest): Promise<AgentSmsResult> {
    const { tenantId, agentId, kind, eventId } = request;
    if (eventId !== null && (await this.log.findByEvent(eventId)) !== null) return 'sent-before';
    const sender = await this.senderOf(tenantId);
    if (typeof sender === 'string') return sender;
    const contact = await this.directory.smsContactOf(tenantId, agentId);
    if (contact === null) return 'no-phone-number';
    const body = request.body(contact.timeZone);
    const base = {
      id: randomUUID(),
      tenantId,
      agentId,
      kind,
      eventId,
      from: sender.from,
      to: contact.phoneNumber,
      body,
      windowEnd: request.windowEnd,
      createdAt: this.clock.now(),
    };
    if (await this.optOuts.isOptedOut(tenantId, contact.phoneNumber)) {
      await this.log.record({ ...base, messageSid: null, outcome: 'opted-out' });
      return 'opted-out';
    }
    try {
      const { messageSid } = await this.sender.send({
        credentials: sender.credentials,
        from: sender.from,
        to: contact.phoneNumber,
        body,
      });
      await this.log.record({ ...base, messageSid, outcome: 'sent' });
      return 'sent';
    } catch (error) {
      if (!(error instanceof SmsRefused)) throw error;
      this.logger.warn(`${kind} SMS to agent ${agentId} refused by Twilio: ${error.status} ${error.message}`);
      if (error.optedOut) await this.optOuts.optOut(tenantId, contact.phoneNumber, this.clock.now());
      await this.log.record({ ...base, messageSid: null, outcome: error.optedOut ? 'opted-out' : 'failed' });
      return error.optedOut ? 'opted-out' : 'refused';
    }
  }
}
