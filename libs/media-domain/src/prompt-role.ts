import {
  BREAK_PROMPT_ROLES,
  PROMPT_ROLES,
  UNTIL_TIME_PROMPT_ROLES,
  VENDOR_PROMPT_ROLES,
  type PromptRole,
  type VendorPromptRole,
} from '@tp/timed-presence-domain';
import { PromptRoleUnknown } from './media.errors';

// The roles are the Timed Presence IVR's: one list, kept with its rules.
export { PROMPT_ROLES, UNTIL_TIME_PROMPT_ROLES, VENDOR_PROMPT_ROLES, type PromptRole, type VendorPromptRole };

/**
 * The roles the starter set has a prompt for: the vendor page's seven, then the "until a time of
 * day" pair and the timed break's two.
 */
export const STARTER_PROMPT_ROLES = [
  ...VENDOR_PROMPT_ROLES,
  ...UNTIL_TIME_PROMPT_ROLES,
  ...BREAK_PROMPT_ROLES,
] as const;
export type StarterPromptRole = (typeof STARTER_PROMPT_ROLES)[number];

export function isPromptRole(value: string): value is PromptRole {
  return (PROMPT_ROLES as readonly string[]).includes(value);
}

/** A role tag as given (null or absent: no role); throws {@link PromptRoleUnknown}. */
export function parsePromptRole(value: string | null | undefined): PromptRole | null {
  if (value === null || value === undefined) return null;
  if (!isPromptRole(value)) throw new PromptRoleUnknown(value, PROMPT_ROLES);
  return value;
}
