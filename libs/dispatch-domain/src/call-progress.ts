/**
 * The progress of one call leg as Twilio reports it (`CallStatus`). Status callbacks may arrive
 * out of order and twice: a report is applied only when its `SequenceNumber` is newer than the one
 * applied, and nothing moves a call out of a terminal state.
 */
export const CALL_STATUSES = [
  'queued',
  'initiated',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** Final states: the call is over and stays over. */
export const TERMINAL_CALL_STATUSES: readonly CallStatus[] = [
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
];

/** The sequence of a status that came without a `SequenceNumber` (the call's first webhook). */
export const NO_SEQUENCE = -1;

export function parseCallStatus(input: string | undefined): CallStatus | null {
  return input !== undefined && (CALL_STATUSES as readonly string[]).includes(input)
    ? (input as CallStatus)
    : null;
}

export function isTerminalCallStatus(status: CallStatus): boolean {
  return TERMINAL_CALL_STATUSES.includes(status);
}

/** `SequenceNumber` as Twilio sends it (a non-negative integer), or {@link NO_SEQUENCE}. */
export function parseSequenceNumber(input: string | undefined): number {
  if (input === undefined || !/^\d{1,9}$/.test(input)) return NO_SEQUENCE;
  return Number(input);
}

export interface CallProgress {
  readonly status: CallStatus;
  readonly sequence: number;
}

/**
 * The progress after a report, or null when the report changes nothing: the call already ended,
 * or the report is not newer than what was applied. A report without a sequence number is applied
 * to a call that has none either (it can only be ordered by arrival), never over a numbered one.
 */
export function applyCallStatus(current: CallProgress | null, report: CallProgress): CallProgress | null {
  if (current === null) return report;
  if (isTerminalCallStatus(current.status)) return null;
  if (report.sequence === NO_SEQUENCE) return current.sequence === NO_SEQUENCE ? report : null;
  return report.sequence > current.sequence ? report : null;
}
