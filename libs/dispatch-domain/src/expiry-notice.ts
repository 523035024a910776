import type { SpeechStep } from '@tp/contracts';
import { PhoneNumber } from '@tp/telephony-domain';
import type { DispatchMapping } from './dispatch-mapping';
import type { TwilioAccountOwner } from './mapping-fields';

/** How old an expiry may be and still be told to the agent: later, a call would only confuse. */
export const EXPIRY_NOTICE_MAX_AGE_MS = 15 * 60_000;

export type ExpiryNoticeDecision = 'consider' | 'not-an-expiry' | 'too-late';

/**
 * Whether an agent's going offline is one to call them about: only an expiry (`reason: expired`),
 * and only while it is recent (a consumer catching up after downtime does not ring phones about
 * yesterday). The flow decides the rest (whether it asks for the call, and what is said).
 */
export function considerExpiryNotice(
  offline: { reason: string; occurredAt: Date },
  now: Date,
  maxAgeMs = EXPIRY_NOTICE_MAX_AGE_MS,
): ExpiryNoticeDecision {
  if (offline.reason !== 'expired') return 'not-an-expiry';
  return now.getTime() - offline.occurredAt.getTime() > maxAgeMs ? 'too-late' : 'consider';
}

/**
 * The number the notice call comes from: the contact point of an active mapping of the tenant to
 * the agent's login flow, so the agent sees the number they dial to log in. With several, the
 * oldest mapping (then the lowest id), so the choice is stable.
 */
export function chooseNoticeContactPoint(mappings: readonly DispatchMapping[]): DispatchMapping | null {
  const candidates = mappings
    .filter((m) => m.acceptsCalls)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return candidates[0] ?? null;
}

/** The agent's first PSTN number that is a phone number (E.164), or null when none is. */
export function chooseAgentNumber(pstnNumbers: readonly string[]): string | null {
  for (const number of pstnNumbers) {
    const phone = PhoneNumber.tryParse(number);
    if (phone) return phone.value;
  }
  return null;
}

/** `placing`: stored, its call being placed (or cut short before it was settled). */
export type NoticeCallOutcome = 'placing' | 'placed' | 'failed';

/**
 * One expiry notice call: who is called, from which contact point, through which account, what
 * they hear when they answer (`steps`, rendered when Twilio fetches the call's URL).
 */
export interface NoticeCall {
  readonly id: string;
  readonly tenantId: string;
  readonly agentId: string;
  /** The presence event that caused it. */
  readonly eventId: string;
  readonly mappingId: string;
  readonly twilioAccount: TwilioAccountOwner;
  readonly from: string;
  readonly to: string;
  readonly steps: readonly SpeechStep[];
  readonly outcome: NoticeCallOutcome;
  /** The Twilio CallSid once placed. */
  readonly callSid: string | null;
  /** Why it failed (Twilio's error code and message), never a secret. */
  readonly failure: string | null;
  readonly createdAt: Date;
}
