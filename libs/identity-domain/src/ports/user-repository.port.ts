import type { User } from '../user';

/** Where a listing of users continues: after the user created at `createdAt` with id `id`. */
export interface UserPageKey {
  readonly createdAt: Date;
  readonly id: string;
}

/** Which users of a tenant to list, oldest first. */
export interface UserListCriteria {
  readonly tenantId: string;
  /** Only users with this skill (compared ignoring case). */
  readonly skill?: string;
  /** Only the user holding this number (already normalised, e.g. E.164). */
  readonly number?: string;
  readonly after?: UserPageKey;
  readonly limit: number;
}

export interface UserPage {
  readonly users: User[];
  /** Where the next page starts, or null when this was the last one. */
  readonly next: UserPageKey | null;
}

/** Who holds a number or an email in a tenant. */
export interface Holder {
  readonly userId: string;
  readonly name: string;
}

/** Where users are kept, one tenant at a time: nothing here reaches across tenants. */
export abstract class UserRepository {
  /** The user of this tenant, or null (also for another tenant's user id). */
  abstract find(tenantId: string, userId: string): Promise<User | null>;
  abstract list(criteria: UserListCriteria): Promise<UserPage>;
  /** Who holds `number` (any extension type) in the tenant, if anyone. */
  abstract holderOfNumber(tenantId: string, number: string): Promise<Holder | null>;
  /** Who has `email` (lower case) in the tenant, if anyone. */
  abstract holderOfEmail(tenantId: string, email: string): Promise<Holder | null>;
  /**
   * Stores the user's state and its recorded events (to the outbox) in one transaction, checking
   * that nobody changed the user since it was read. Throws `NumberTaken` / `EmailTaken` when another
   * user of the tenant got the number or email first, `UserChangedConcurrently` when the stored
   * version moved on.
   */
  abstract save(user: User): Promise<void>;
}
