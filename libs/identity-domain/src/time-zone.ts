import { IdentityFieldInvalid } from './identity.errors';

/**
 * An IANA time zone name (`Europe/Berlin`, `America/New_York`, `UTC`), as the runtime's Intl
 * database knows it. Kept as typed (current IANA names such as `Asia/Kolkata` stay, although ICU
 * itself still prefers `Asia/Calcutta`), with the case of a zone ICU lists (`europe/berlin` becomes
 * `Europe/Berlin`). Offsets such as `+02:00` are refused: an agent's hours are spoken in local time,
 * which follows daylight saving; a fixed offset does not.
 */
export class TimeZone {
  private constructor(readonly name: string) {}

  /** Throws {@link IdentityFieldInvalid} (field `timeZone`) for a name Intl does not know. */
  static of(input: string, field = 'timeZone'): TimeZone {
    const text = input.trim();
    // Intl also accepts offsets ("+02:00"); an IANA name starts with a letter.
    if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(text)) {
      throw new IdentityFieldInvalid(field, 'must be an IANA time zone name such as Europe/Berlin', input);
    }
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: text }).format(0);
    } catch {
      throw new IdentityFieldInvalid(field, 'is not a time zone known to the IANA database', input);
    }
    return new TimeZone(spellingOf(text));
  }

  static readonly UTC = new TimeZone('UTC');

  equals(other: TimeZone): boolean {
    return this.name === other.name;
  }

  toString(): string {
    return this.name;
  }
}

let listed: Map<string, string> | null = null;

/** The spelling ICU lists for a zone typed in another case; the text itself otherwise. */
function spellingOf(text: string): string {
  listed ??= new Map(Intl.supportedValuesOf('timeZone').map((zone) => [zone.toLowerCase(), zone]));
  const lower = text.toLowerCase();
  if (lower === 'utc') return 'UTC';
  return listed.get(lower) ?? text;
}
