import type { OfferMissReasonV1 } from '@tp/contracts';

/**
 * An offer: one call placed to one agent's phone for one waiting call. It rings, and is
 * accepted (the agent pressed 1 while the caller still waited) or missed (anything else); an
 * accepted offer is the agent's call, which ends (then the agent wraps up and is free again).
 */
export const OFFER_STATUSES = ['placing', 'ringing', 'accepted', 'missed', 'ended'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** Why an offer was missed (its list is the contract's, `OFFER_MISS_REASONS` of `@tp/contracts`). */
export type MissReason = OfferMissReasonV1;

/** Twilio's `CallStatus` values that end a call leg. */
const TERMINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);

export function isTerminalLegStatus(status: string): boolean {
  return TERMINAL.has(status);
}

/**
 * The miss an agent leg's final status means while the offer still rings: no-answer, busy, failed
 * and canceled as such; `completed` is a leg that was answered and hung up without accepting
 * (`hung-up`). Null for a status that does not end the leg.
 */
export function missReasonOfLegStatus(status: string): MissReason | null {
  switch (status) {
    case 'no-answer':
    case 'busy':
    case 'failed':
    case 'canceled':
      return status;
    case 'completed':
      return 'hung-up';
    default:
      return null;
  }
}

/**
 * What the screening keys mean: `1` accepts, nothing (a voicemail greeting, a silent pickup) is
 * `no-key`, anything else `declined`.
 */
export function screeningAnswer(
  digits: string | null,
): { accept: true } | { accept: false; miss: MissReason } {
  if (digits === '1') return { accept: true };
  if (digits === null || digits === '') return { accept: false, miss: 'no-key' };
  return { accept: false, miss: 'declined' };
}

/**
 * Whether a miss counts towards the agent's consecutive misses (and so towards going offline as
 * `unreachable`). A caller who hung up or left before the agent could take the call is not the
 * agent's doing; neither is an offer the system gave up on (`timed-out`: no callback came) or could
 * not place (`not-placed`: Twilio or a dependency failing, not a refusal of the agent's number).
 */
export function countsAgainstAgent(reason: MissReason): boolean {
  return reason !== 'caller-gone' && reason !== 'timed-out' && reason !== 'not-placed';
}

/**
 * Whether the agent is passed over for the rest of this call after the miss. Every miss of the
 * agent's phone is (the next agent is tried, and a voicemail never takes the caller on a second
 * try); an offer that could not be placed at all is not: the phone never rang, and after a short
 * Twilio outage the caller must still reach the agents who are free.
 */
export function excludesAgentFromCall(reason: MissReason): boolean {
  return reason !== 'not-placed';
}

/**
 * The agent's consecutive misses after a miss, and whether they are now unreachable (at or over the
 * maximum). The count stays there until presence has taken the agent offline (then it starts
 * again), so that a failed attempt is tried again rather than forgotten.
 */
export function afterMiss(
  consecutiveMisses: number,
  reason: MissReason,
  maxConsecutiveMisses: number,
): { consecutiveMisses: number; unreachable: boolean } {
  const next = countsAgainstAgent(reason) ? consecutiveMisses + 1 : consecutiveMisses;
  return { consecutiveMisses: next, unreachable: next >= maxConsecutiveMisses };
}

/** The offer transitions, each allowed only from the statuses listed (a second attempt changes nothing). */
export const OFFER_TRANSITIONS: Readonly<Record<'ring' | 'accept' | 'miss' | 'end', readonly OfferStatus[]>> =
  {
    ring: ['placing'],
    accept: ['placing', 'ringing'],
    miss: ['placing', 'ringing'],
    end: ['accepted'],
  };

export function canTransition(from: OfferStatus, transition: keyof typeof OFFER_TRANSITIONS): boolean {
  return OFFER_TRANSITIONS[transition].includes(from);
}

/**
 * How long an agent is held for an offer: the ring timeout, the screening (the whisper and the key),
 * and a margin for Twilio's callbacks. If nothing is heard by then, the offer is given up.
 */
export function offerHoldMs(ringTimeoutS: number, screeningTimeoutS: number): number {
  return (ringTimeoutS + screeningTimeoutS + 20) * 1000;
}

/** When an agent whose routed call ended is free again: after the wrap-up time. */
export function wrapUpEndsAt(callEndedAt: Date, wrapUpS: number): Date {
  return new Date(callEndedAt.getTime() + wrapUpS * 1000);
}
