/**
 * Says when an agent's presence ends, in their time zone, for the readback "you are online
 * until Tuesday at 5:00 PM". A window is at most 99 hours, so the weekday is never ambiguous.
 * English locales join weekday and time with "at"; other locales use Intl's own weekday-and-time
 * form (`Dienstag, 17:00`). A time zone Intl does not know is read as UTC rather than failing a call.
 */
export function formatOnlineUntil(expiresAt: Date, timeZone: string, locale = 'en-US'): string {
  const zone = isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  const time = { hour: 'numeric', minute: '2-digit', timeZone: zone } as const;
  if (locale.toLowerCase().startsWith('en')) {
    const weekday = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: zone }).format(expiresAt);
    return tidy(`${weekday} at ${new Intl.DateTimeFormat(locale, time).format(expiresAt)}`);
  }
  return tidy(new Intl.DateTimeFormat(locale, { weekday: 'long', ...time }).format(expiresAt));
}

/** True when Intl knows the IANA time zone (`America/New_York`, `Europe/London`, `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone !== '';
  } catch {
    return false;
  }
}

/** Some ICU versions put narrow or no-break spaces before AM/PM; text-to-speech wants plain spaces. */
function tidy(text: string): string {
  return text.replace(/[\u202f\u00a0]/g, ' ');
}
