/**
 * SMS around an agent's online window (ADR 28): what a reply means, what each message says, when
 * the reminder is due and how long a reply brings an agent back. Pure functions, no I/O.
 */

/** What an agent's SMS reply asks for. Keywords are Twilio's opt-out set, case and spaces ignored. */
export type SmsReplyIntent = 'extend' | 'offline' | 'stop' | 'start' | 'help' | 'unknown';

const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES']);
const HELP_WORDS = new Set(['HELP', 'INFO']);

/** Reads an SMS body: `1` (stay online one more hour / back online), `0` (offline now), or a keyword. */
export function parseSmsReply(body: string | undefined): SmsReplyIntent {
  const word = (body ?? '').trim().toUpperCase().replace(/\s+/g, '');
  if (word === '1') return 'extend';
  if (word === '0') return 'offline';
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  if (HELP_WORDS.has(word)) return 'help';
  return 'unknown';
}

/** The default minutes between the reminder and the end of the window. */
export const SMS_REMINDER_MINUTES_DEFAULT = 15;
export const SMS_REMINDER_MINUTES_MIN = 1;
export const SMS_REMINDER_MINUTES_MAX = 120;
/** How much one reply `1` to a reminder adds to the window (from its current end). */
export const SMS_EXTENSION_MS = 3_600_000;
/** A reply counts only for a message sent this recently. */
export const SMS_REPLY_WINDOW_MS = 24 * 3_600_000;

/** When the reminder of a window ending at `expiresAt` is due. */
export function reminderDueAt(expiresAt: Date, reminderMinutes: number): Date {
  return new Date(expiresAt.getTime() - reminderMinutes * 60_000);
}

/** `18:00`: the hour and minute of `at` in `timeZone` (24-hour clock; UTC when the zone is unknown). */
export function localClockTime(at: Date, timeZone: string): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
    }).format(at);
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}

export const smsTexts = {
  reminder: (time: string) =>
    `You go offline at ${time}. Reply 1 to stay online 1 more hour, 0 to go offline now.`,
  unreachable: () => 'You were set offline because you missed your calls. Reply 1 to go back online.',
  extended: (time: string) => `You stay online until ${time}.`,
  backOnline: (time: string) => `You are back online until ${time}.`,
  offline: () => 'You are now offline.',
  nothingToAnswer: () => 'There is nothing to answer right now.',
  notOnline: () => 'You are not online any more: call in to go online.',
  optedIn: () => 'You will get messages about your online time again. Reply STOP to opt out.',
  help: () =>
    'Timed Presence: reply 1 or 0 to the last message, STOP to get no more messages, START to get them again.',
} as const;

/**
 * How long a reply `1` to the unreachable notice brings an agent back: until the window they lost
 * when it is still ahead (by more than a minute), else one hour from now.
 */
export function backOnlineUntil(lostExpiry: Date | null, now: Date): Date {
  if (lostExpiry !== null && lostExpiry.getTime() > now.getTime() + 60_000) return new Date(lostExpiry);
  return new Date(now.getTime() + SMS_EXTENSION_MS);
}

/** What an SMS to an agent was about. */
export type SmsKind = 'reminder' | 'unreachable';
