import { PinInvalid } from './identity.errors';

export const PIN_MIN_DIGITS = 4;
export const PIN_MAX_DIGITS = 8;
const PIN = new RegExp(`^\\d{${PIN_MIN_DIGITS},${PIN_MAX_DIGITS}}$`);

/**
 * A PIN an admin sets for a user: 4 to 8 digits. It exists only on its way to the {@link PinHasher};
 * the user keeps the hash, never the digits. It never prints: `String(pin)` and `JSON.stringify`
 * give `[PIN]`, so a stray log line cannot leak it.
 */
export class Pin {
  private constructor(private readonly digits: string) {}

  /** Throws {@link PinInvalid} (which does not repeat the input) unless `input` is 4 to 8 digits. */
  static of(input: string): Pin {
    if (!PIN.test(input)) throw new PinInvalid();
    return new Pin(input);
  }

  /** The digits, for the hasher only. */
  reveal(): string {
    return this.digits;
  }

  toString(): string {
    return '[PIN]';
  }

  toJSON(): string {
    return '[PIN]';
  }
}
