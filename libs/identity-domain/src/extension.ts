import { InvalidPhoneNumber, PhoneNumber } from '@tp/telephony-domain';
import { IdentityFieldInvalid } from './identity.errors';

/** How an agent is reached: a phone number, a SIP address, or a browser (Twilio Client identity). */
export type ExtensionType = 'pstn' | 'sip' | 'webrtc';
export const EXTENSION_TYPES: readonly ExtensionType[] = ['pstn', 'sip', 'webrtc'];

export const EXTENSION_EXT_MAX_DIGITS = 10;
export const EXTENSION_DESCRIPTION_MAX_LENGTH = 200;
export const EXTENSIONS_PER_USER_MAX = 20;

/** An extension as stored and sent. */
export interface ExtensionProps {
  readonly id: string;
  readonly type: ExtensionType;
  /** `pstn`: E.164 (`+12345678910`); `sip`: a `sip:` or `sips:` URI; `webrtc`: a client identity. */
  readonly number: string;
  /** Digits to dial after the call is answered, if any (`ext`). */
  readonly ext: string | null;
  readonly description: string | null;
}

/** What an admin types for a new extension. */
export interface ExtensionInput {
  readonly type: ExtensionType;
  readonly number: string;
  readonly ext?: string | null;
  readonly description?: string | null;
}

const SIP_URI = /^sips?:[^\s@]+@[^\s@]+$/i;
const CLIENT_IDENTITY = /^[A-Za-z0-9_.@-]{1,121}$/;

/**
 * One way to reach a user, as the vendor page configures it: a type, the number (for `pstn` read as
 * people type it and kept in E.164), an optional `ext` of digits, and a description such as
 * "John Smith - mobile". A PSTN number is also the caller ID by which the agent is recognised.
 */
export class Extension {
  private constructor(private readonly props: ExtensionProps) {}

  /**
   * Checks and normalises what was typed. Throws {@link IdentityFieldInvalid} naming the field
   * (`type`, `number`, `ext`, `description`); for a PSTN number the rule names the phone reason
   * (`too-short`, `not-a-phone-number`, ...).
   */
  static create(id: string, input: ExtensionInput): Extension {
    if (!EXTENSION_TYPES.includes(input.type)) {
      throw new IdentityFieldInvalid('type', `must be one of ${EXTENSION_TYPES.join(', ')}`, input.type);
    }
    return new Extension({
      id,
      type: input.type,
      number: normaliseNumber(input.type, input.number),
      ext: normaliseExt(input.ext ?? null),
      description: normaliseDescription(input.description ?? null),
    });
  }

  /** Rebuilds a stored extension, checking it as if it were typed. */
  static restore(props: ExtensionProps): Extension {
    const extension = Extension.create(props.id, props);
    if (extension.number !== props.number) {
      throw new IdentityFieldInvalid('number', 'is not stored in its normal form', props.number);
    }
    return extension;
  }

  get id(): string {
    return this.props.id;
  }
  get type(): ExtensionType {
    return this.props.type;
  }
  get number(): string {
    return this.props.number;
  }
  get ext(): string | null {
    return this.props.ext;
  }
  get description(): string | null {
    return this.props.description;
  }

  toProps(): ExtensionProps {
    return { ...this.props };
  }
}

function normaliseNumber(type: ExtensionType, input: string): string {
  switch (type) {
    case 'pstn':
      try {
        return PhoneNumber.parse(input).value;
      } catch (error) {
        if (error instanceof InvalidPhoneNumber) {
          throw new IdentityFieldInvalid('number', `is not an E.164 phone number (${error.reason})`, input);
        }
        throw error;
      }
    case 'sip': {
      const text = input.trim();
      if (!SIP_URI.test(text) || text.length > 255) {
        throw new IdentityFieldInvalid(
          'number',
          'must be a SIP URI such as sip:alice@pbx.example.com',
          input,
        );
      }
      return text;
    }
    case 'webrtc': {
      const text = input.trim();
      if (!CLIENT_IDENTITY.test(text)) {
        throw new IdentityFieldInvalid(
          'number',
          'must be a client identity of 1 to 121 letters, digits, _ . @ or -',
          input,
        );
      }
      return text;
    }
  }
}

function normaliseExt(input: string | null): string | null {
  if (input === null) return null;
  const text = input.trim();
  if (text === '') return null;
  if (!new RegExp(`^\\d{1,${EXTENSION_EXT_MAX_DIGITS}}$`).test(text)) {
    throw new IdentityFieldInvalid('ext', `must be 1 to ${EXTENSION_EXT_MAX_DIGITS} digits`, input);
  }
  return text;
}

function normaliseDescription(input: string | null): string | null {
  if (input === null) return null;
  const text = input.trim();
  if (text === '') return null;
  if (text.length > EXTENSION_DESCRIPTION_MAX_LENGTH) {
    throw new IdentityFieldInvalid(
      'description',
      `must be at most ${EXTENSION_DESCRIPTION_MAX_LENGTH} characters`,
      input,
    );
  }
  return text;
}
