import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { PinFailureLog, type PinFailure } from '@tp/identity-domain';
import { PinFailureRecord } from './pin-failure.record';

/**
 * The PIN failure audit in PostgreSQL. `exclusively` runs the whole check in one transaction that
 * holds an advisory lock per user, so that parallel guesses (on any replica) are counted one after
 * the other: the sixth guess sees the first five.
 */
@Injectable()
export class MikroOrmPinFailureLog extends PinFailureLog {
  constructor(private readonly em: EntityManager) {
    super();
  }

  exclusively<T>(tenantId: string, userId: string, work: () => Promise<T>): Promise<T> {
    return this.em.transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [
        `timed-presence:pin:${tenantId}:${userId}`,
      ]);
      return work(); // repositories called from here run in this transaction (MikroORM's transaction context)
    });
  }

  async wrongPinsSince(tenantId: string, userId: string, since: Date): Promise<Date[]> {
    const rows = await this.em.find(
      PinFailureRecord,
      { tenantId, userId, outcome: 'wrong', attemptedAt: { $gte: since } },
      { fields: ['attemptedAt'], orderBy: { attemptedAt: 'asc' }, disableIdentityMap: true },
    );
    return rows.map((r) => r.attemptedAt);
  }

  async record(failure: PinFailure): Promise<void> {
    await this.em.insert(PinFailureRecord, {
      tenantId: failure.tenantId,
      userId: failure.userId,
      attemptedAt: failure.at,
      outcome: failure.outcome,
      callSid: failure.callSid,
      source: failure.source,
    });
  }

  async recent(tenantId: string, userId: string, limit: number): Promise<PinFailure[]> {
    const rows = await this.em.find(
      PinFailureRecord,
      { tenantId, userId },
      { orderBy: { attemptedAt: 'desc', id: 'desc' }, limit, disableIdentityMap: true },
    );
    return rows.map((r) => ({
      tenantId: r.tenantId,
      userId: r.userId,
      at: r.attemptedAt,
      outcome: r.outcome,
      callSid: r.callSid,
      source: r.source,
    }));
  }
}
