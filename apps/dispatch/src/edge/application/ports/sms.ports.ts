import type { SmsKind, TwilioCredentials } from '@tp/dispatch-domain';

/** A tenant's SMS settings (ADR 28): off unless switched on, with the number messages come from. */
export interface SmsSettings {
  readonly tenantId: string;
  readonly enabled: boolean;
  /** How many minutes before the end of the window the reminder goes out. */
  readonly reminderMinutes: number;
  /** The contact point (an active mapping of the tenant) SMS are sent from and replied to. */
  readonly senderNumber: string | null;
  readonly updatedAt: Date;
}

export abstract class SmsSettingsRepository {
  abstract find(tenantId: string): Promise<SmsSettings | null>;
  abstract save(settings: SmsSettings): Promise<void>;
}

/** What dispatch knows of an agent's window, from presence events. */
export interface AgentWindow {
  readonly tenantId: string;
  readonly agentId: string;
  /** The highest presence sequence applied. */
  readonly sequence: number;
  /** When the window ends; null while offline. */
  readonly expiresAt: Date | null;
  /** The end of the last window the agent had (kept once offline: what the unreachable notice restores). */
  readonly lastExpiresAt: Date | null;
  /** When the reminder is due; null when none is (offline, or sent for this window). */
  readonly reminderDueAt: Date | null;
}

/** A presence change as the window store applies it. */
export interface WindowChange {
  readonly tenantId: string;
  readonly agentId: string;
  readonly sequence: number;
  readonly expiresAt: Date | null;
  /** The reminder's due time when the end of the window moved (null: none); ignored when it did not move. */
  readonly reminderDueAt: Date | null;
}

export abstract class AgentWindows {
  /**
   * Applies a change newer (by sequence) than what is stored; a reminder already sent for the same
   * end stays sent. Answers the window afterwards, or null when the change was not newer.
   */
  abstract apply(change: WindowChange): Promise<AgentWindow | null>;
  abstract find(tenantId: string, agentId: string): Promise<AgentWindow | null>;
  /** The earliest due reminder, or null. */
  abstract nextDue(): Promise<Date | null>;
  /** Takes reminders due at `now` (at most `limit`), so that no other replica sends them. */
  abstract claimDue(now: Date, limit: number): Promise<AgentWindow[]>;
}

/** One SMS dispatch sent (or tried to) to an agent. */
export interface SentSms {
  readonly id: string;
  readonly tenantId: string;
  readonly agentId: string;
  readonly kind: SmsKind;
  /** The presence event it answers (the unreachable notice), so a redelivery sends nothing twice. */
  readonly eventId: string | null;
  readonly from: string;
  readonly to: string;
  readonly body: string;
  /** The end of the window it is about: the reminder's, or the one the unreachable agent lost. */
  readonly windowEnd: Date | null;
  readonly messageSid: string | null;
  readonly outcome: 'sent' | 'failed' | 'opted-out';
  readonly createdAt: Date;
}

export abstract class SentSmsLog {
  abstract record(message: SentSms): Promise<void>;
  abstract findByEvent(eventId: string): Promise<SentSms | null>;
  /** The latest message sent (outcome `sent`) to an agent from a number, at or after `since`. */
  abstract lastSent(tenantId: string, agentId: string, since: Date): Promise<SentSms | null>;
}

/** Numbers that answered STOP, per tenant: no SMS goes to them until START. */
export abstract class SmsOptOuts {
  abstract isOptedOut(tenantId: string, phoneNumber: string): Promise<boolean>;
  abstract optOut(tenantId: string, phoneNumber: string, at: Date): Promise<void>;
  abstract optIn(tenantId: string, phoneNumber: string): Promise<void>;
}

/** Inbound SMS by MessageSid: a webhook Twilio retries is applied once and answered the same. */
export abstract class ReceivedSmsLog {
  /** Claims a MessageSid: true the first time; false with the stored answer when it was claimed before. */
  abstract claim(
    messageSid: string,
    tenantId: string,
    at: Date,
  ): Promise<{ first: true } | { first: false; answer: string | null }>;
  /** Stores the answer given (null: an empty response). */
  abstract settle(messageSid: string, answer: string | null): Promise<void>;
  /** Forgets a claim whose handling failed, so Twilio's retry applies it. */
  abstract release(messageSid: string): Promise<void>;
}

/** Who an agent is for SMS: their number and their zone (identity). */
export interface AgentSmsContact {
  readonly phoneNumber: string;
  readonly timeZone: string;
}

export abstract class AgentDirectory {
  /** The agent's first PSTN number and time zone; null when unknown or without a PSTN number. */
  abstract smsContactOf(tenantId: string, agentId: string): Promise<AgentSmsContact | null>;
  /** The enabled user of the tenant with this phone number (an extension), or null. */
  abstract findByPhone(
    tenantId: string,
    phone: string,
  ): Promise<{ agentId: string; timeZone: string; phoneNumber: string } | null>;
}

/** A presence as dispatch's SMS replies see it. */
export interface PresenceWindow {
  readonly state: string;
  readonly expiresAt: Date | null;
}

/** presence's commands the SMS replies use. */
export abstract class AgentPresenceCommands {
  abstract get(tenantId: string, agentId: string): Promise<PresenceWindow>;
  /** presence's `extend-window`: compare and set on the end of the window. */
  abstract extendWindow(
    tenantId: string,
    agentId: string,
    until: Date,
    ifExpiresAt: Date | null,
  ): Promise<PresenceWindow>;
  abstract goOffline(tenantId: string, agentId: string): Promise<PresenceWindow>;
}

export interface SmsRequest {
  readonly credentials: TwilioCredentials;
  readonly from: string;
  readonly to: string;
  readonly body: string;
}

/** Twilio refused the message for good (a 4xx other than 429); `optedOut` for 21610 (the number sent STOP). */
export class SmsRefused extends Error {
  constructor(
    readonly status: number,
    readonly twilioCode: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'SmsRefused';
  }

  get optedOut(): boolean {
    return this.twilioCode === 21610;
  }
}

/** Sends SMS through Twilio's Messages API. */
export abstract class SmsSender {
  abstract send(request: SmsRequest): Promise<{ messageSid: string }>;
}
