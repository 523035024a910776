import type { UserStatus } from '../identity.events';
import type { SkillProps } from '../skills';

/** What a call needs to know about the agent who owns the calling number. */
export interface CallerProfile {
  readonly userId: string;
  readonly name: string;
  readonly skills: readonly SkillProps[];
  /** The user's own time zone, or null for the tenant default. */
  readonly timeZone: string | null;
  readonly hasPin: boolean;
  readonly status: UserStatus;
}

/**
 * The read side that recognises callers: one indexed lookup per call, without loading the whole
 * user. Kept apart from the repository because it sits on the path of every incoming agent call.
 */
export abstract class CallerDirectory {
  /** The user holding the PSTN number `e164` in the tenant, whatever their status, or null. */
  abstract findByPstnNumber(tenantId: string, e164: string): Promise<CallerProfile | null>;
}
