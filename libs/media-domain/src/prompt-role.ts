import { PromptRoleUnknown } from './media.errors';

/** The seven prompts of the vendor's Timed Presence log-in IVR, in the order a call meets them. */
export const VENDOR_PROMPT_ROLES = [
  'welcome',
  'resource-lookup-error',
  'preset-hours',
  'custom-hours',
  'invalid-input',
  'online',
  'offline',
] as const;
export type VendorPromptRole = (typeof VENDOR_PROMPT_ROLES)[number];

/**
 * Every role the Timed Presence IVR plays: the vendor's seven and the ones this product adds for
 * PIN verification and for giving up. Kept equal to `PROMPT_ROLES` of the timed presence rules
 * (a test says so); a domain lib does not import another.
 */
export const PROMPT_ROLES = [
  ...VENDOR_PROMPT_ROLES,
  'pin-entry',
  'pin-wrong',
  'pin-locked',
  'pin-not-set',
  'too-many-attempts',
] as const;
export type PromptRole = (typeof PROMPT_ROLES)[number];

export function isPromptRole(value: string): value is PromptRole {
  return (PROMPT_ROLES as readonly string[]).includes(value);
}

/** A role tag as given (null or absent: no role); throws {@link PromptRoleUnknown}. */
export function parsePromptRole(value: string | null | undefined): PromptRole | null {
  if (value === null || value === undefined) return null;
  if (!isPromptRole(value)) throw new PromptRoleUnknown(value, PROMPT_ROLES);
  return value;
}
