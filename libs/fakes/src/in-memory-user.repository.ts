import {
  CallerDirectory,
  EmailTaken,
  NumberTaken,
  User,
  UserChangedConcurrently,
  UserRepository,
  skillKey,
  type CallerProfile,
  type Holder,
  type IdentityEvent,
  type UserListCriteria,
  type UserPage,
  type UserProps,
} from '@tp/identity-domain';

/**
 * The user repository in memory, with the same rules as the real adapter: tenants apart, a number
 * and an email held by one user per tenant, optimistic concurrency on the version, and `save` moving
 * the recorded events into {@link outbox}. It stores copies, so a test sees only what was saved.
 */
export class InMemoryUserRepository extends UserRepository {
  private readonly rows = new Map<string, UserProps>();
  private readonly saved: IdentityEvent[] = [];

  find(tenantId: string, userId: string): Promise<User | null> {
    const row = this.rows.get(key(tenantId, userId));
    return Promise.resolve(row === undefined ? null : User.restore(row));
  }

  list(criteria: UserListCriteria): Promise<UserPage> {
    const matching = [...this.rows.values()]
      .filter((u) => u.tenantId === criteria.tenantId)
      .filter(
        (u) =>
          criteria.skill === undefined ||
          u.skills.some((s) => skillKey(s.name) === skillKey(criteria.skill!)),
      )
      .filter((u) => criteria.number === undefined || u.extensions.some((e) => e.number === criteria.number))
      .sort(
        (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      )
      .filter(
        (u) =>
          criteria.after === undefined ||
          u.createdAt.getTime() > criteria.after.createdAt.getTime() ||
          (u.createdAt.getTime() === criteria.after.createdAt.getTime() && u.id > criteria.after.id),
      );
    const page = matching.slice(0, criteria.limit);
    const last = page.at(-1);
    return Promise.resolve({
      users: page.map((row) => User.restore(row)),
      next: matching.length > criteria.limit && last ? { createdAt: last.createdAt, id: last.id } : null,
    });
  }

  holderOfNumber(tenantId: string, number: string): Promise<Holder | null> {
    const row = [...this.rows.values()].find(
      (u) => u.tenantId === tenantId && u.extensions.some((e) => e.number === number),
    );
    return Promise.resolve(row ? { userId: row.id, name: row.name } : null);
  }

  holderOfEmail(tenantId: string, email: string): Promise<Holder | null> {
    const row = [...this.rows.values()].find((u) => u.tenantId === tenantId && u.email === email);
    return Promise.resolve(row ? { userId: row.id, name: row.name } : null);
  }

  async save(user: User): Promise<void> {
    const events = user.peekEvents();
    if (events.length === 0) return;
    const stored = this.rows.get(key(user.tenantId, user.id));
    if ((stored?.version ?? 0) !== user.storedVersion) throw new UserChangedConcurrently(user.id);
    const next = user.toSnapshot();
    for (const extension of next.extensions) {
      const holder = await this.holderOfNumber(user.tenantId, extension.number);
      if (holder && holder.userId !== user.id) throw new NumberTaken(extension.number, holder);
    }
    const emailHolder = await this.holderOfEmail(user.tenantId, next.email);
    if (emailHolder && emailHolder.userId !== user.id) throw new EmailTaken(next.email, emailHolder);
    this.rows.set(key(user.tenantId, user.id), next);
    this.saved.push(...user.pullEvents());
  }

  /** The caller lookup over the same rows (see {@link InMemoryCallerDirectory}). */
  callerByPstnNumber(tenantId: string, e164: string): Promise<CallerProfile | null> {
    const row = [...this.rows.values()].find(
      (u) => u.tenantId === tenantId && u.extensions.some((e) => e.type === 'pstn' && e.number === e164),
    );
    if (!row) return Promise.resolve(null);
    return Promise.resolve({
      userId: row.id,
      name: row.name,
      skills: row.skills,
      timeZone: row.timeZone,
      hasPin: row.pinHash !== null,
      status: row.status,
    });
  }

  /** Every event saved so far, oldest first. */
  get outbox(): readonly IdentityEvent[] {
    return [...this.saved];
  }

  /** Stores a user as is (test setup), without events. */
  seed(...users: User[]): this {
    for (const user of users) this.rows.set(key(user.tenantId, user.id), user.toSnapshot());
    return this;
  }
}

function key(tenantId: string, userId: string): string {
  return JSON.stringify([tenantId, userId]);
}

/** The caller lookup over the rows of an {@link InMemoryUserRepository}. */
export class InMemoryCallerDirectory extends CallerDirectory {
  constructor(private readonly users: InMemoryUserRepository) {
    super();
  }

  findByPstnNumber(tenantId: string, e164: string): Promise<CallerProfile | null> {
    return this.users.callerByPstnNumber(tenantId, e164);
  }
}
