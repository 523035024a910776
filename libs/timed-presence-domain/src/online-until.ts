/**
 * Says when an agent's presence ends, in their time zone, for the readback "you are online
 * until Tuesday at 5:00 PM". A window is at most 99 hours, so the weekday is never ambiguous.
 * English locales join weekday and time with "at"; other locales use Intl's own weekday-and-time
 * form (`Dienstag, 17:00`). A time zone Intl does not know is read as UTC rather than failing a call.
 */
export function formatOnlineUntil(expiresAt: Date, timeZone: string, locale = 'en-US'): string {
  const zone = isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  if (locale.toLowerCase().startsWith('en')) {
    const weekday = formatter(locale, zone, 'weekday').format(expiresAt);
    return tidy(`${weekday} at ${formatter(locale, zone, 'time').format(expiresAt)}`);
  }
  return tidy(formatter(locale, zone, 'weekday-time').format(expiresAt));
}

/**
 * Says the time of day an instant shows in a time zone, for the read-back "online until 6:30 PM
 * tomorrow": `6:30 PM` in English (`18:30` in locales with a 24-hour clock). An unknown zone is UTC.
 */
export function formatTimeOfDay(instant: Date, timeZone: string, locale = 'en-US'): string {
  const zone = isKnownTimeZone(timeZone) ? timeZone : 'UTC';
  return tidy(formatter(locale, zone, 'time').format(instant));
}

/** True when Intl knows the IANA time zone (`America/New_York`, `Europe/London`, `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone === '') return false;
  try {
    formatter('en-US', timeZone, 'time');
    return true;
  } catch {
    return false;
  }
}

type Form = 'weekday' | 'time' | 'weekday-time';
const FORMS: Record<Form, Intl.DateTimeFormatOptions> = {
  weekday: { weekday: 'long' },
  time: { hour: 'numeric', minute: '2-digit' },
  'weekday-time': { weekday: 'long', hour: 'numeric', minute: '2-digit' },
};
/** Building an Intl.DateTimeFormat costs far more than using one: they are kept (a few hundred at most). */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 500;

function formatter(locale: string, timeZone: string, form: Form): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${form}`;
  let found = formatters.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(locale, { ...FORMS[form], timeZone }); // throws for an unknown zone
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, found);
  }
  return found;
}

/** Some ICU versions put narrow or no-break spaces before AM/PM; text-to-speech wants plain spaces. */
function tidy(text: string): string {
  return text.replace(/[\u202f\u00a0]/g, ' ');
}
