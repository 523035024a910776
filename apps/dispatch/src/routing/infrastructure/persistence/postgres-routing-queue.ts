import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { SpeechStep } from '@tp/contracts';
import type { TwilioAccountOwner } from '@tp/dispatch-domain';
import {
  APP_INFO,
  insertOutboxRows,
  OutboxRelayService,
  outboxInsertSql,
  outboxRowsJson,
  PgStatements,
  qualifiedTable,
  type AppInfo,
} from '@tp/platform';
import {
  afterMiss,
  excludesAgentFromCall,
  normaliseSkills,
  type MissReason,
  type OfferStatus,
  type WaitingCallStatus,
} from '@tp/routing-domain';
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
import { chooseAndReserve } from './postgres-agent-reservations';
import { RoutingAgentMirror } from './routing-agent-mirror';
import { textArrayLiteral } from './routing-agent.store';

export type Row = Record<string, unknown>;
const date = (value: unknown): Date => new Date(value as string | Date);

/** A `waiting_call` row as the application sees it. */
export function toWaitingCall(row: Row): WaitingCall {
  return {
    id: row.id as string,
    tenantId: row.tenant_id as string,
    callSid: row.call_sid as string,
    sessionId: row.session_id as string,
    turn: Number(row.turn),
    twilioAccount: row.twilio_account as TwilioAccountOwner,
    contactPoint: row.contact_point as string,
    queueNodeId: row.queue_node_id as string,
    queueName: row.queue_name as string,
    requiredSkills: row.required_skills as string[],
    priority: Number(row.priority),
    hold: (typeof row.hold === 'string' ? JSON.parse(row.hold) : row.hold) as SpeechStep[],
    enqueuedAt: date(row.enqueued_at),
    deadline: date(row.deadline),
    status: row.status as WaitingCallStatus,
    currentOfferId: (row.current_offer_id as string | null) ?? null,
    missedAgents: (row.missed_agents as string[] | null) ?? [],
    queueSid: (row.queue_sid as string | null) ?? null,
  };
}

function toOffer(row: Row): Offer {
  return {
    id: row.id as string,
    tenantId: row.tenant_id as string,
    waitingCallId: row.waiting_call_id as string,
    agentId: row.agent_id as string,
    reservationId: row.reservation_id as string,
    attempt: Number(row.attempt),
    status: row.status as OfferStatus,
    twilioAccount: row.twilio_account as TwilioAccountOwner,
    agentNumber: (row.agent_number as string | null) ?? null,
    agentCallSid: (row.agent_call_sid as string | null) ?? null,
    missReason: (row.miss_reason as MissReason | null) ?? null,
    holdUntil: date(row.hold_until),
    createdAt: date(row.created_at),
  };
}

const TERMINAL = `('completed', 'busy', 'failed', 'no-answer', 'canceled')`;

/** `set local` settings of the claim transaction. */
const CLAIM_SETTINGS = ['plan_cache_mode = force_generic_plan'] as const;

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
      const plan = await this.sql.transaction(async (tx) => {
        const [locked] = await tx.query<Row>({
          name: `${this.schema}_routing_claim_call`,
          text: `select * from ${this.calls} where id = $1 and status = 'waiting' and deadline > $2 for update skip locked`,
          values: [id, now],
        });
        if (!locked) return null;
        const call = toWaitingCall(locked);
        const reservationId = randomUUID();
        const holdUntil = new Date(now.getTime() + holdMs);
        const chosen = await chooseAndReserve(
          tx,
          this.schema,
          {
            tenantId,
            requiredSkills: call.requiredSkills,
            exclude: call.missedAgents,
            now,
            expiryCutoff,
            reservationId,
            holdUntil,
            callSid: call.callSid,
          },
          this.mirror,
        );
        if (chosen === undefined) return null;
        const offerId = randomUUID();
        const [inserted] = await tx.query<Row>({
          name: `${this.schema}_routing_insert_offer`,
          text: `insert into ${this.offers} (id, tenant_id, waiting_call_id, agent_id, reservation_id, attempt, status,
             twilio_account, agent_number, agent_call_sid, leg_status, leg_sequence, miss_reason, hold_until,
             created_at, updated_at, accepted_at, ended_at, wrap_up_until, freed_at)
           values ($1, $2, $3, $4, $5, (select count(*) + 1 from ${this.offers} where waiting_call_id = $3), 'placing',
             $6, null, null, null, -1, null, $7, $8, $8, null, null, null, null)
           returning *`,
          values: [
            offerId,
            tenantId,
            call.id,
            chosen.agent_id,
            reservationId,
            call.twilioAccount,
            holdUntil,
            now,
          ],
        });
        if (inserted === undefined) throw new Error(`offer ${offerId} was not stored`);
        await tx.query({
          name: `${this.schema}_routing_call_offering`,
          text: `update ${this.calls} set status = 'offering', current_offer_id = $1, updated_at = $2 where id = $3`,
          values: [offerId, now, call.id],
        });
        const offer = toOffer(inserted);
        await tx.query({
          name: `${this.schema}_routing_offer_made_event`,
          text: outboxInsertSql(this.schema, 1),
          values: [outboxRowsJson([routingEvents.offerMade(offer, call, now)])],
        });
        return { offer, call: { ...call, status: 'offering' as const, currentOfferId: offerId } };
        // Generic plans for the transaction's prepared statements: PostgreSQL otherwise re-plans
        // choose-and-reserve on every run (its generic estimate of `skills @> $3` looks worse than
        // the custom plans, which are the same plan), about a quarter of its cost (ADR 13).
      }, CLAIM_SETTINGS);
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
    const result = await this.em.fork().transactional(async (tx): Promise<MissResult | null> => {
      const rows = await tx.execute<Row[]>(
        `update ${this.offers} set status = 'missed', miss_reason = ?, updated_at = ?
          where id = ? and status in ('placing', 'ringing') returning *`,
        [reason, now, offerId],
      );
      if (!rows[0]) return null;
      const offer = toOffer(rows[0]);
      await tx.execute(
        `update ${this.agents} set reserved_until = null, reservation_id = null, reservation_call = null, updated_at = now()
          where tenant_id = ? and agent_id = ? and reservation_id = ?`,
        [offer.tenantId, offer.agentId, offer.reservationId],
      );
      await tx.execute(
        `update ${this.calls}
            set status = 'waiting', current_offer_id = null, updated_at = ?,
                missed_agents = case when ? then array_append(missed_agents, ?::text) else missed_agents end
          where id = ? and status = 'offering' and current_offer_id = ?`,
        [now, excludesAgentFromCall(reason), offer.agentId, offer.waitingCallId, offer.id],
      );
      const agents = await tx.execute<{ consecutive_misses: number }[]>(
        `select consecutive_misses from ${this.agents} where tenant_id = ? and agent_id = ? for update`,
        [offer.tenantId, offer.agentId],
      );
      const counted = afterMiss(Number(agents[0]?.consecutive_misses ?? 0), reason, maxConsecutiveMisses);
      await tx.execute(
        `update ${this.agents} set consecutive_misses = ? where tenant_id = ? and agent_id = ?`,
        [counted.consecutiveMisses, offer.tenantId, offer.agentId],
      );
      const calls = await tx.execute<Row[]>(`select * from ${this.calls} where id = ?`, [
        offer.waitingCallId,
      ]);
      await this.publish(tx, [routingEvents.offerMissed(offer, toWaitingCall(calls[0]), reason, now)]);
      return { offer, unreachable: counted.unreachable };
    });
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

  async settleUnreachable(
    maxConsecutiveMisses: number,
    limit: number,
    goOffline: (tenantId: string, agentId: string) => Promise<void>,
  ): Promise<number> {
    let settled = 0;
    while (settled < limit) {
      const done = await this.em.fork().transactional(async (tx) => {
        const rows = await tx.execute<{ tenant_id: string; agent_id: string }[]>(
          `select tenant_id, agent_id from ${this.agents} where consecutive_misses >= ?
            limit 1 for update skip locked`,
          [maxConsecutiveMisses],
        );
        const row = rows[0];
        if (!row) return false;
        await goOffline(row.tenant_id, row.agent_id);
        await tx.execute(
          `update ${this.agents} set consecutive_misses = 0 where tenant_id = ? and agent_id = ?`,
          [row.tenant_id, row.agent_id],
        );
        return true;
      });
      if (!done) break;
      settled += 1;
    }
    return settled;
  }

  async openOffersPast(now: Date, limit: number): Promise<Offer[]> {
    const rows = await this.em.fork().execute<Row[]>(
      `select * from ${this.offers} where status in ('placing', 'ringing') and hold_until <= ?
        order by hold_until limit ?`,
      [now, limit],
    );
    return rows.map(toOffer);
  }

  async freeDueAgents(now: Date, limit: number, free: (offer: Offer) => Promise<void>): Promise<number> {
    let freed = 0;
    while (freed < limit) {
      const done = await this.em.fork().transactional(async (tx) => {
        const rows = await tx.execute<Row[]>(
          `select * from ${this.offers} where wrap_up_until <= ? and freed_at is null
            order by wrap_up_until limit 1 for update skip locked`,
          [now],
        );
        if (!rows[0]) return null;
        const offer = toOffer(rows[0]);
        await free(offer);
        await tx.execute(`update ${this.offers} set freed_at = ?, updated_at = ? where id = ?`, [
          now,
          now,
          offer.id,
        ]);
        await tx.execute(
          `update ${this.agents} set reserved_until = null, reservation_id = null, reservation_call = null, updated_at = now()
            where tenant_id = ? and agent_id = ? and reservation_id = ?`,
          [offer.tenantId, offer.agentId, offer.reservationId],
        );
        return offer;
      });
      if (!done) break;
      this.mirror?.released(done.tenantId, done.agentId, done.reservationId);
      freed += 1;
    }
    return freed;
  }
}
