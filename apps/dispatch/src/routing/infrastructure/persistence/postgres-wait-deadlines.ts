import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_INFO, OutboxRelayService, PgStatements, qualifiedTable, type AppInfo } from '@tp/platform';
import type { DequeueStatus } from '@tp/routing-domain';
import { WaitDeadlines, type DueDequeue } from '../../application/ports/wait-deadlines.port';
import { RoutingAggregateStore } from './routing-aggregate.store';
import { toWaitingCall, type Row } from './routing-rows';

/**
 * The maximum wait enforced by dispatch, on `waiting_call` (ADR 14). The claim is one transaction:
 * the calls past their deadline that still wait are locked `FOR UPDATE SKIP LOCKED`, timed out by
 * their aggregate (`WaitingCall.timeOut`: `left`, `call-timed-out` recorded), saved with their
 * events in the outbox, and given a pending dequeue, then the due dequeues are leased
 * (`dequeue_at` moved past the REST request's time) the same way. An accept locks the call too, so
 * it either commits first (the call is `bridged` and no longer matches) or finds the call `left`.
 */
@Injectable()
export class PostgresWaitDeadlines extends WaitDeadlines {
  private readonly calls: string;
  private readonly schema: string;
  private readonly sql: PgStatements;
  private readonly store: RoutingAggregateStore;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
    private readonly relay: OutboxRelayService,
  ) {
    super();
    this.schema = app.schema;
    this.calls = qualifiedTable(app.schema, 'waiting_call');
    this.sql = new PgStatements(em);
    this.store = new RoutingAggregateStore(app.schema);
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<DueDequeue[]> {
    const { ended, leased } = await this.sql.transaction(async (tx) => {
      const due = await this.store.lockDueCalls(tx, now, limit);
      for (const call of due) call.timeOut(now);
      await this.store.save(tx, now, ...due);
      const endedCalls = due.map((call) => call.view());
      if (endedCalls.length > 0)
        await tx.query({
          name: `${this.schema}_routing_dequeue_pending`,
          text: `update ${this.calls} set dequeue_status = 'pending', dequeue_at = $1 where id = any($2::uuid[])`,
          values: [now, endedCalls.map((c) => c.id)],
        });
      const leasedRows = await tx.query<Row>({
        name: `${this.schema}_routing_dequeue_lease`,
        text: `with due as (
           select id from ${this.calls}
            where dequeue_status = 'pending' and dequeue_at <= $1 and queue_sid is not null
            order by dequeue_at limit $2 for update skip locked)
         update ${this.calls} w
            set dequeue_at = $3, dequeue_attempts = w.dequeue_attempts + 1, updated_at = $4
           from due where w.id = due.id
         returning w.*`,
        values: [now, limit, leaseUntil, now],
      });
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
