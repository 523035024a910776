import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  APP_INFO,
  insertOutboxRows,
  OutboxRelayService,
  PgStatements,
  qualifiedTable,
  type AppInfo,
} from '@tp/platform';
import { normaliseSkills, type MissReason } from '@tp/routing-domain';
import {
  RoutingQueue,
  type AcceptResult,
  type MissResult,
  type NewWaitingCall,
  type Offer,
  type OfferPlan,
  type WaitingCall,
} from '../../application/ports/routing-queue.port';
import { routingEvents } from '../messaging/routing-event.envelope';
import { RoutingAgentMirror } from './routing-agent-mirror';
import { textArrayLiteral } from './routing-agent.store';
import { claimCall, CLAIM_SETTINGS } from './claim-call.transaction';
import { missOffer } from './miss-offer.transaction';
import { PostgresAgentSettlements } from './postgres-agent-settlements';
import { toOffer, toWaitingCall, type Row } from './routing-rows';

const TERMINAL = `('completed', 'busy', 'failed', 'no-answer', 'canceled')`;

/**
 * The routing queue in PostgreSQL (`waiting_call`, `offer`, and the reservation columns of
 * `routing_agent`). Every step two replicas could race on is one transaction with row locks:
 * claiming a call skips calls another replica holds (`FOR UPDATE SKIP LOCKED`) and reserves the
 * agent with the choose-and-reserve statement in the same transaction; accepting and missing lock
 * the offer and move it only from placing/ringing, so each happens once.
 */
@Injectable()
export class PostgresRoutingQueue extends RoutingQueue {
  private readonly calls: string;
  private readonly offers: string;
  private readonly agents: string;
  private readonly schema: string;
  private readonly sql: PgStatements;
  private readonly settlements: PostgresAgentSettlements;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
    private readonly relay: OutboxRelayService,
    @Optional() @Inject(RoutingAgentMirror) private readonly mirror: RoutingAgentMirror | null = null,
  ) {
    super();
    this.schema = app.schema;
    this.calls = qualifiedTable(app.schema, 'waiting_call');
    this.offers = qualifiedTable(app.schema, 'offer');
    this.agents = qualifiedTable(app.schema, 'routing_agent');
    this.sql = new PgStatements(em);
    this.settlements = new PostgresAgentSettlements(em, this.agents, this.offers, mirror);
  }

  async enqueue(call: NewWaitingCall): Promise<WaitingCall> {
    const em = this.em.fork();
    await em.execute(
      `insert into ${this.calls} (id, tenant_id, call_sid, session_id, turn, twilio_account, contact_point,
         queue_node_id, queue_name, required_skills, priority, hold, enqueued_at, deadline, status,
         current_offer_id, missed_agents, ended_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?, ?::jsonb, ?, ?, 'waiting', null, '{}', null, ?)
       on conflict (call_sid, turn) do nothing`,
      [
        call.id,
        call.tenantId,
        call.callSid,
        call.sessionId,
        call.turn,
        call.twilioAccount,
        call.contactPoint,
        call.queueNodeId,
        call.queueName,
        textArrayLiteral(normaliseSkills(call.requiredSkills)),
        call.priority,
        JSON.stringify(call.hold),
        call.enqueuedAt,
        call.deadline,
        call.enqueuedAt,
      ],
    );
    const rows = await em.execute<Row[]>(`select * from ${this.calls} where call_sid = ? and turn = ?`, [
      call.callSid,
      call.turn,
    ]);
    return toWaitingCall(rows[0]);
  }

  async findCall(id: string): Promise<WaitingCall | null> {
    const rows = await this.em.fork().execute<Row[]>(`select * from ${this.calls} where id = ?`, [id]);
    return rows[0] ? toWaitingCall(rows[0]) : null;
  }

  async findOffer(id: string): Promise<Offer | null> {
    const rows = await this.em.fork().execute<Row[]>(`select * from ${this.offers} where id = ?`, [id]);
    return rows[0] ? toOffer(rows[0]) : null;
  }

  async position(id: string): Promise<number | null> {
    const rows = await this.em.fork().execute<{ status: string; ahead: string | number }[]>(
      `select w.status,
              (select count(*) from ${this.calls} o
                where o.tenant_id = w.tenant_id and o.status in ('waiting', 'offering') and o.id <> w.id
                  and (o.priority > w.priority
                       or (o.priority = w.priority and (o.enqueued_at < w.enqueued_at
                           or (o.enqueued_at = w.enqueued_at and o.id < w.id))))) as ahead
         from ${this.calls} w where w.id = ?`,
      [id],
    );
    const row = rows[0];
    if (!row || (row.status !== 'waiting' && row.status !== 'offering')) return null;
    return Number(row.ahead) + 1;
  }

  async endWait(id: string, status: 'left' | 'abandoned', now: Date): Promise<WaitingCall | null> {
    const ended = await this.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<Row[]>(
        `update ${this.calls} set status = ?, ended_at = ?, updated_at = ?
          where id = ? and status in ('waiting', 'offering') returning *`,
        [status, now, now, id],
      );
      if (!rows[0]) return null;
      const call = toWaitingCall(rows[0]);
      await this.publish(tx, [
        status === 'abandoned'
          ? routingEvents.callAbandoned(call, now)
          : routingEvents.callTimedOut(call, now),
      ]);
      return call;
    });
    if (ended) this.relay.kick();
    return ended;
  }

  private async publish(tx: EntityManager, entries: Parameters<typeof insertOutboxRows>[2]): Promise<void> {
    await insertOutboxRows(tx, this.schema, entries);
  }

  async tenantsWithWaitingCalls(now: Date): Promise<string[]> {
    const rows = await this.em
      .fork()
      .execute<{ tenant_id: string }[]>(
        `select distinct tenant_id from ${this.calls} where status = 'waiting' and deadline > ?`,
        [now],
      );
    return rows.map((r) => r.tenant_id);
  }

  async claimNextOffer(
    tenantId: string,
    now: Date,
    holdMs: number,
    expiryCutoff: Date,
  ): Promise<OfferPlan | null> {
    const candidates = await this.em.fork().execute<{ id: string }[]>(
      `select id from ${this.calls}
        where tenant_id = ? and status = 'waiting' and deadline > ?
        order by priority desc, enqueued_at, id limit 50`,
      [tenantId, now],
    );
    for (const { id } of candidates) {
      const plan = await this.sql.transaction(
        (tx) => claimCall(tx, this.schema, this.mirror, { id, tenantId, now, holdMs, expiryCutoff }),
        CLAIM_SETTINGS,
      );
      if (plan) {
        this.relay.kick();
        return plan;
      }
    }
    return null;
  }

  async offerPlaced(offerId: string, agentNumber: string, agentCallSid: string, now: Date): Promise<void> {
    await this.em.fork().execute(
      `update ${this.offers}
          set agent_number = ?, agent_call_sid = ?, updated_at = ?,
              status = case when status = 'placing' then 'ringing' else status end
        where id = ?`,
      [agentNumber, agentCallSid, now, offerId],
    );
  }

  async accept(offerId: string, now: Date): Promise<AcceptResult> {
    const result = await this.em.fork().transactional(async (tx): Promise<AcceptResult> => {
      const offers = await tx.execute<Row[]>(`select * from ${this.offers} where id = ? for update`, [
        offerId,
      ]);
      const offer = offers[0] ? toOffer(offers[0]) : null;
      if (!offer || (offer.status !== 'placing' && offer.status !== 'ringing'))
        return { accepted: false, why: 'settled' };
      const calls = await tx.execute<Row[]>(`select * from ${this.calls} where id = ? for update`, [
        offer.waitingCallId,
      ]);
      const call = calls[0] ? toWaitingCall(calls[0]) : null;
      if (!call || call.status !== 'offering' || call.currentOfferId !== offer.id)
        return { accepted: false, why: 'caller-gone' };
      await tx.execute(
        `update ${this.offers} set status = 'accepted', accepted_at = ?, updated_at = ? where id = ?`,
        [now, now, offerId],
      );
      await tx.execute(`update ${this.calls} set status = 'bridged', updated_at = ? where id = ?`, [
        now,
        call.id,
      ]);
      await tx.execute(
        `update ${this.agents} set consecutive_misses = 0 where tenant_id = ? and agent_id = ?`,
        [offer.tenantId, offer.agentId],
      );
      await this.publish(tx, [
        routingEvents.offerAccepted(offer, call, now),
        routingEvents.callAnswered(call, offer.agentId, now),
      ]);
      return {
        accepted: true,
        offer: { ...offer, status: 'accepted' },
        call: { ...call, status: 'bridged' },
      };
    });
    if (result.accepted) this.relay.kick();
    return result;
  }

  async miss(
    offerId: string,
    reason: MissReason,
    now: Date,
    maxConsecutiveMisses: number,
  ): Promise<MissResult | null> {
    const result = await this.em
      .fork()
      .transactional((tx) => missOffer(tx, this.schema, { offerId, reason, now, maxConsecutiveMisses }));
    if (result) {
      this.mirror?.released(result.offer.tenantId, result.offer.agentId, result.offer.reservationId);
      this.relay.kick();
    }
    return result;
  }

  async applyLegStatus(offerId: string, status: string, sequence: number, now: Date): Promise<boolean> {
    const rows = await this.em.fork().execute<Row[]>(
      `update ${this.offers} set leg_status = ?, leg_sequence = ?, updated_at = ?
        where id = ? and (leg_status is null or leg_status not in ${TERMINAL})
          and (case when ?::int = -1 then leg_sequence = -1 else ?::int > leg_sequence end)
        returning id`,
      [status, sequence, now, offerId, sequence, sequence],
    );
    return rows.length > 0;
  }

  async endCall(offerId: string, now: Date, freeAt: Date): Promise<Offer | null> {
    const rows = await this.em.fork().execute<Row[]>(
      `update ${this.offers} set status = 'ended', ended_at = ?, wrap_up_until = ?, updated_at = ?
        where id = ? and status = 'accepted' returning *`,
      [now, freeAt, now, offerId],
    );
    return rows[0] ? toOffer(rows[0]) : null;
  }

  settleUnreachable(
    maxConsecutiveMisses: number,
    limit: number,
    goOffline: (tenantId: string, agentId: string) => Promise<void>,
  ): Promise<number> {
    return this.settlements.settleUnreachable(maxConsecutiveMisses, limit, goOffline);
  }

  async openOffersPast(now: Date, limit: number): Promise<Offer[]> {
    const rows = await this.em.fork().execute<Row[]>(
      `select * from ${this.offers} where status in ('placing', 'ringing') and hold_until <= ?
        order by hold_until limit ?`,
      [now, limit],
    );
    return rows.map(toOffer);
  }

  freeDueAgents(now: Date, limit: number, free: (offer: Offer) => Promise<void>): Promise<number> {
    return this.settlements.freeDueAgents(now, limit, free);
  }
}
