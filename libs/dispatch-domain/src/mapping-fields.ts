import { InvalidPhoneNumber, PhoneNumber } from '@tp/telephony-domain';
import { MappingFieldInvalid } from './dispatch.errors';

/** How calls reach the mapping. Only voice today (the vendor page's "Interaction Type: Voice"). */
export const INTERACTION_TYPES = ['voice'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

/** What the mapping keys on. Only a contact point (a phone number agents or customers dial). */
export const MAPPING_TYPES = ['contact-point'] as const;
export type MappingType = (typeof MAPPING_TYPES)[number];

/**
 * Which Twilio account owns the number, and so whose Auth Token signs its webhooks and places its
 * calls: the platform's (from the environment) or the tenant's own (stored encrypted).
 */
export const TWILIO_ACCOUNT_OWNERS = ['platform', 'tenant'] as const;
export type TwilioAccountOwner = (typeof TWILIO_ACCOUNT_OWNERS)[number];

export const MAPPING_NAME_MAX_LENGTH = 100;
export const MAPPING_DESCRIPTION_MAX_LENGTH = 500;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** Ids travel as NATS subject tokens (see `@tp/contracts` EntityIdSchema). */
const ENTITY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Trimmed, 1..100 characters, no control characters. */
export function parseMappingName(input: string): string {
  const name = input.trim();
  if (name === '') throw new MappingFieldInvalid('name', 'must not be blank');
  if (name.length > MAPPING_NAME_MAX_LENGTH)
    throw new MappingFieldInvalid('name', `must be at most ${MAPPING_NAME_MAX_LENGTH} characters`);
  if (CONTROL.test(name)) throw new MappingFieldInvalid('name', 'must not contain control characters');
  return name;
}

/** Optional: blank becomes null; at most 500 characters (line breaks allowed). */
export function parseMappingDescription(input: string | null | undefined): string | null {
  if (input === null || input === undefined) return null;
  const description = input.trim();
  if (description === '') return null;
  if (description.length > MAPPING_DESCRIPTION_MAX_LENGTH)
    throw new MappingFieldInvalid(
      'description',
      `must be at most ${MAPPING_DESCRIPTION_MAX_LENGTH} characters`,
    );
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/.test(description))
    throw new MappingFieldInvalid('description', 'must not contain control characters');
  return description;
}

/**
 * The contact point in E.164, read as people type it (`+1-234-567-8910` becomes `+12345678910`).
 * A number must carry its country code (`+`): a mapping has no region to read a national number in.
 */
export function parseContactPoint(input: string): string {
  try {
    return PhoneNumber.parse(input).value;
  } catch (error) {
    if (error instanceof InvalidPhoneNumber)
      throw new MappingFieldInvalid('phoneNumber', `is not an E.164 phone number (${error.reason})`);
    throw error;
  }
}

export function parseInteractionType(input: string): InteractionType {
  if ((INTERACTION_TYPES as readonly string[]).includes(input)) return input as InteractionType;
  throw new MappingFieldInvalid('interactionType', `must be one of ${INTERACTION_TYPES.join(', ')}`);
}

export function parseMappingType(input: string): MappingType {
  if ((MAPPING_TYPES as readonly string[]).includes(input)) return input as MappingType;
  throw new MappingFieldInvalid('mappingType', `must be one of ${MAPPING_TYPES.join(', ')}`);
}

export function parseTwilioAccountOwner(input: string): TwilioAccountOwner {
  if ((TWILIO_ACCOUNT_OWNERS as readonly string[]).includes(input)) return input as TwilioAccountOwner;
  throw new MappingFieldInvalid('twilioAccount', `must be one of ${TWILIO_ACCOUNT_OWNERS.join(', ')}`);
}

export function parseFlowId(input: string): string {
  if (ENTITY_ID.test(input)) return input;
  throw new MappingFieldInvalid('flowId', 'must be 1 to 64 letters, digits, _ or -');
}
