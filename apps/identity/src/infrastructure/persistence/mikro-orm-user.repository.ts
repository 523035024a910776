import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  EmailTaken,
  NumberTaken,
  skillKey,
  User,
  UserChangedConcurrently,
  UserRepository,
  type Holder,
  type UserListCriteria,
  type UserPage,
  type UserProps,
} from '@tp/identity-domain';
import { addToOutbox, OutboxRelayService } from '@tp/platform';
import { IdentitySettings } from '../../application/identity.settings';
import { identityOutboxEntry } from '../messaging/identity-event.envelope';
import { UserExtensionRecord } from './user-extension.record';
import { UserRecord } from './user.record';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Users in PostgreSQL: a row per user, a row per extension, events to the outbox in the same transaction. */
@Injectable()
export class MikroOrmUserRepository extends UserRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly relay: OutboxRelayService,
    private readonly settings: IdentitySettings,
  ) {
    super();
  }

  async find(tenantId: string, userId: string): Promise<User | null> {
    if (!UUID.test(userId)) return null; // no user has such an id; PostgreSQL would refuse the cast
    const record = await this.em.findOne(
      UserRecord,
      { tenantId, id: userId },
      { populate: ['extensions'], disableIdentityMap: true },
    );
    return record === null ? null : restore(record);
  }

  async list(criteria: UserListCriteria): Promise<UserPage> {
    const where: Record<string, unknown> = { tenantId: criteria.tenantId };
    if (criteria.skill !== undefined) where.skillKeys = { $contains: [skillKey(criteria.skill)] };
    if (criteria.number !== undefined) {
      const holder = await this.holderOfNumber(criteria.tenantId, criteria.number);
      if (holder === null) return { users: [], next: null };
      where.id = holder.userId;
    }
    if (criteria.after !== undefined) {
      const { createdAt, id } = criteria.after;
      where.$or = [{ createdAt: { $gt: createdAt } }, { createdAt, id: { $gt: id } }];
    }
    const records = await this.em.find(UserRecord, where, {
      populate: ['extensions'],
      orderBy: { createdAt: 'asc', id: 'asc' },
      limit: criteria.limit + 1,
      disableIdentityMap: true,
    });
    const page = records.slice(0, criteria.limit);
    const last = page.at(-1);
    return {
      users: page.map(restore),
      next: records.length > criteria.limit && last ? { createdAt: last.createdAt, id: last.id } : null,
    };
  }

  async holderOfNumber(tenantId: string, number: string): Promise<Holder | null> {
    const extension = await this.em.findOne(
      UserExtensionRecord,
      { tenantId, number },
      { populate: ['user'], fields: ['id', 'user.id', 'user.name'], disableIdentityMap: true },
    );
    return extension === null ? null : { userId: extension.user.id, name: extension.user.name };
  }

  async holderOfEmail(tenantId: string, email: string): Promise<Holder | null> {
    const user = await this.em.findOne(
      UserRecord,
      { tenantId, email },
      { fields: ['id', 'name'], disableIdentityMap: true },
    );
    return user === null ? null : { userId: user.id, name: user.name };
  }

  async save(user: User): Promise<void> {
    const events = user.peekEvents();
    if (events.length === 0) return;
    const next = user.toSnapshot();
    const expected = user.storedVersion;
    try {
      await this.em.transactional(async (tx) => {
        if (expected === 0) {
          const record = tx.create(UserRecord, { ...columns(next), id: next.id, createdAt: next.createdAt });
          next.extensions.forEach((extension, position) =>
            tx.create(UserExtensionRecord, {
              ...extension,
              tenantId: next.tenantId,
              user: record,
              position,
              createdAt: next.updatedAt,
            }),
          );
        } else {
          const updated = await tx.nativeUpdate(
            UserRecord,
            { id: next.id, tenantId: next.tenantId, version: expected },
            columns(next),
          );
          if (updated === 0) throw new UserChangedConcurrently(next.id);
          await syncExtensions(tx, next);
        }
        addToOutbox(
          tx,
          events.map((event) => identityOutboxEntry(event, this.settings.defaultTimeZone)),
        );
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw await this.conflictOf(next, error);
      throw error;
    }
    user.pullEvents();
    this.relay.kick();
  }

  /** Which unique rule a save broke, said as the domain says it (naming who holds the value). */
  private async conflictOf(user: UserProps, error: UniqueConstraintViolationException): Promise<Error> {
    if (error.message.includes('user_account_tenant_email_unique')) {
      const holder = await this.holderOfEmail(user.tenantId, user.email);
      if (holder !== null && holder.userId !== user.id) return new EmailTaken(user.email, holder);
    }
    for (const extension of user.extensions) {
      const holder = await this.holderOfNumber(user.tenantId, extension.number);
      if (holder !== null && holder.userId !== user.id) return new NumberTaken(extension.number, holder);
    }
    if (error.message.includes('user_account_pkey')) return new UserChangedConcurrently(user.id);
    return error;
  }
}

function columns(user: UserProps) {
  return {
    tenantId: user.tenantId,
    name: user.name,
    email: user.email,
    timeZone: user.timeZone,
    status: user.status,
    pinHash: user.pinHash,
    skills: [...user.skills],
    skillKeys: user.skills.map((s) => skillKey(s.name)),
    version: user.version,
    updatedAt: user.updatedAt,
  };
}

/** Deletes the extensions the user no longer has and inserts the new ones (kept extensions do not change). */
async function syncExtensions(tx: EntityManager, user: UserProps): Promise<void> {
  const stored = await tx.find(
    UserExtensionRecord,
    { user: user.id },
    { fields: ['id', 'position'], disableIdentityMap: true },
  );
  const kept = new Set(user.extensions.map((e) => e.id));
  const removed = stored.filter((r) => !kept.has(r.id)).map((r) => r.id);
  if (removed.length > 0) await tx.nativeDelete(UserExtensionRecord, { id: { $in: removed } });
  const storedIds = new Set(stored.map((r) => r.id));
  let position = stored.reduce((max, r) => Math.max(max, r.position + 1), 0);
  for (const extension of user.extensions) {
    if (storedIds.has(extension.id)) continue;
    tx.create(UserExtensionRecord, {
      ...extension,
      tenantId: user.tenantId,
      user: tx.getReference(UserRecord, user.id),
      position: position++,
      createdAt: user.updatedAt,
    });
  }
}

function restore(record: UserRecord): User {
  return User.restore({
    tenantId: record.tenantId,
    id: record.id,
    name: record.name,
    email: record.email,
    timeZone: record.timeZone,
    status: record.status,
    pinHash: record.pinHash,
    skills: record.skills,
    extensions: record.extensions.getItems().map((e) => ({
      id: e.id,
      type: e.type,
      number: e.number,
      ext: e.ext,
      description: e.description,
    })),
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  });
}
