import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_INFO, insertOutboxRows, OutboxRelayService, qualifiedTable, type AppInfo } from '@tp/platform';
import type { DequeueStatus } from '@tp/routing-domain';
import { WaitDeadlines, type DueDequeue } from '../../application/ports/wait-deadlines.port';
import { routingEvents } from '../messaging/routing-event.envelope';
import { toWaitingCall, type Row } from './routing-rows';

/**
 * The maximum wait enforced by dispatch, on `waiting_call` (ADR 14). The claim is one transaction:
 * the calls past their deadline that still wait are locked `FOR UPDATE SKIP LOCKED` and moved to
 * `left` with their `call-timed-out` event and a pending dequeue, then the due dequeues are leased
 * (`dequeue_at` moved past the REST request's time) the same way. An accept locks the call too, so
 * it either commits first (the call is `bridged` and no longer matches) or finds the call `left`.
 */
@Injectable()
export class PostgresWaitDeadlines extends WaitDeadlines {
  private readonly calls: string;
  private readonly schema: string;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
    private readonly relay: OutboxRelayService,
  ) {
    super();
    this.schema = app.schema;
    this.calls = qualifiedTable(app.schema, 'waiting_call');
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<DueDequeue[]> {
    const { ended, leased } = await this.em.fork().transactional(async (tx) => {
      const endedRows = await tx.execute<Row[]>(
        `with due as (
           select id from ${this.calls}
            where status in ('waiting', 'offering') and deadline <= ?
            order by deadline limit ? for update skip locked)
         update ${this.calls} w
            set status = 'left', ended_at = ?, updated_at = ?, dequeue_status = 'pending', dequeue_at = ?
           from due where w.id = due.id
         returning w.*`,
        [now, limit, now, now, now],
      );
      const endedCalls = endedRows.map(toWaitingCall);
      await insertOutboxRows(
        tx,
        this.schema,
        endedCalls.map((call) => routingEvents.callTimedOut(call, now)),
      );
      const leasedRows = await tx.execute<Row[]>(
        `with due as (
           select id from ${this.calls}
            where dequeue_status = 'pending' and dequeue_at <= ? and queue_sid is not null
            order by dequeue_at limit ? for update skip locked)
         update ${this.calls} w
            set dequeue_at = ?, dequeue_attempts = w.dequeue_attempts + 1, updated_at = ?
           from due where w.id = due.id
         returning w.*`,
        [now, limit, leaseUntil, now],
      );
      return { ended: endedCalls, leased: leasedRows };
    });
    if (ended.length > 0) this.relay.kick();
    const endedIds = new Set(ended.map((c) => c.id));
    const leasedIds = new Set(leased.map((r) => r.id as string));
    return [
      ...leased.map((row) => ({
        call: toWaitingCall(row),
        endedNow: endedIds.has(row.id as string),
        attempt: Number(row.dequeue_attempts),
      })),
      ...ended.filter((c) => !leasedIds.has(c.id)).map((call) => ({ call, endedNow: true, attempt: 0 })),
    ];
  }

  async settleDequeue(id: string, status: DequeueStatus, now: Date): Promise<void> {
    await this.em.fork().execute(
      `update ${this.calls} set dequeue_status = ?, dequeue_at = ?, updated_at = ?
        where id = ? and dequeue_status = 'pending'`,
      [status, status === 'pending' ? now : null, now, id],
    );
  }

  async recordQueueSid(id: string, queueSid: string): Promise<void> {
    await this.em
      .fork()
      .execute(`update ${this.calls} set queue_sid = ? where id = ? and queue_sid is distinct from ?`, [
        queueSid,
        id,
        queueSid,
      ]);
  }
}
