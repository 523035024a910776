import type { UserStatus } from '@tp/identity-domain';

/** A user with their PSTN numbers, read without loading the user. */
export interface CallerListEntry {
  readonly userId: string;
  readonly version: number;
  readonly name: string;
  /** The user's own zone, or null for the tenant default. */
  readonly timeZone: string | null;
  readonly hasPin: boolean;
  readonly status: UserStatus;
  readonly numbers: readonly string[];
}

/** A tenant's users in id order, a page at a time. */
export abstract class CallerList {
  abstract page(tenantId: string, after: string | null, limit: number): Promise<CallerListEntry[]>;
}
