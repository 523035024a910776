import { outboxInsertSql, outboxRowsJson, qualifiedTable, type PgQueries } from '@tp/platform';
import { AgentOffer, WaitingCall, type AgentOfferState, type NewWaitingCall } from '@tp/routing-domain';
import { routingOutboxEntry } from '../messaging/routing-event.envelope';
import { textArrayLiteral } from './routing-agent.store';
import { restoreOffer, restoreWaitingCall, type Row } from './routing-rows';

/**
 * Loads and saves routing's aggregates (`WaitingCall` in `waiting_call`, `AgentOffer` in `offer`)
 * with named prepared statements inside the caller's transaction. A load locks the rows
 * (`FOR UPDATE`, or `SKIP LOCKED` where replicas share the work); a save writes the state each
 * aggregate reached and inserts the events they recorded into the outbox, in one statement (a
 * data-modifying `WITH`), so in the same transaction. The aggregates decide; this only maps rows.
 */
export class RoutingAggregateStore {
  private readonly calls: string;
  private readonly offers: string;

  constructor(readonly schema: string) {
    this.calls = qualifiedTable(schema, 'waiting_call');
    this.offers = qualifiedTable(schema, 'offer');
  }

  /** How many offers the call `w` made, so that the next one knows its attempt. */
  private offersMade(): string {
    return `(select count(*) from ${this.offers} x where x.waiting_call_id = w.id)`;
  }

  /** Stores a new wait unless its `(callSid, turn)` is stored already; answers the one stored. */
  async enqueue(tx: PgQueries, call: NewWaitingCall): Promise<Row> {
    const s = WaitingCall.enqueue(call).state();
    await tx.query({
      name: `${this.schema}_routing_enqueue`,
      text: `insert into ${this.calls} (id, tenant_id, call_sid, session_id, turn, twilio_account, contact_point,
         queue_node_id, queue_name, required_skills, priority, hold, enqueued_at, deadline, status,
         current_offer_id, missed_agents, ended_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11, $12::jsonb, $13, $14, $15, null, '{}', null, $13)
       on conflict (call_sid, turn) do nothing`,
      values: [
        ...[s.id, s.tenantId, s.callSid, s.sessionId, s.turn, s.twilioAccount, s.contactPoint, s.queueNodeId],
        ...[s.queueName, textArrayLiteral(s.requiredSkills), s.priority, JSON.stringify(s.hold)],
        ...[s.enqueuedAt, s.deadline, s.status],
      ],
    });
    const [row] = await tx.query<Row>({
      name: `${this.schema}_routing_find_enqueued`,
      text: `select * from ${this.calls} where call_sid = $1 and turn = $2`,
      values: [call.callSid, call.turn],
    });
    return row;
  }

  async lockCall(tx: PgQueries, id: string): Promise<WaitingCall | null> {
    const [row] = await tx.query<Row>({
      name: `${this.schema}_routing_lock_call`,
      text: `select w.*, ${this.offersMade()} as offers_made from ${this.calls} w where w.id = $1 for update of w`,
      values: [id],
    });
    return row ? restoreWaitingCall(row) : null;
  }

  /** The call if it can be offered at `now` and no other transaction holds it. */
  async claimCall(tx: PgQueries, id: string, now: Date): Promise<WaitingCall | null> {
    const [row] = await tx.query<Row>({
      name: `${this.schema}_routing_claim_call`,
      text: `select w.*, ${this.offersMade()} as offers_made from ${this.calls} w
        where w.id = $1 and w.status = 'waiting' and w.deadline > $2 for update of w skip locked`,
      values: [id, now],
    });
    return row ? restoreWaitingCall(row) : null;
  }

  /** Calls still waiting (or being offered) at or past their deadline, the earliest first, that no other transaction holds. */
  async lockDueCalls(tx: PgQueries, now: Date, limit: number): Promise<WaitingCall[]> {
    const rows = await tx.query<Row>({
      name: `${this.schema}_routing_lock_due_calls`,
      text: `select w.*, ${this.offersMade()} as offers_made from ${this.calls} w
        where w.status in ('waiting', 'offering') and w.deadline <= $1
        order by w.deadline limit $2 for update of w skip locked`,
      values: [now, limit],
    });
    return rows.map(restoreWaitingCall);
  }

  /** An offer and its call, both locked, in one round trip; null when there is no such offer. */
  async lockOfferAndCall(
    tx: PgQueries,
    offerId: string,
  ): Promise<{ offer: AgentOffer; call: WaitingCall } | null> {
    const [row] = await tx.query<{ offer: Row; call: Row }>({
      name: `${this.schema}_routing_lock_offer_call`,
      text: `select to_jsonb(o) as offer, to_jsonb(w) || jsonb_build_object('offers_made', ${this.offersMade()}) as call
        from ${this.offers} o join ${this.calls} w on w.id = o.waiting_call_id
        where o.id = $1 for update of o, w`,
      values: [offerId],
    });
    return row ? { offer: restoreOffer(row.offer), call: restoreWaitingCall(row.call) } : null;
  }

  async findOffer(tx: PgQueries, id: string): Promise<AgentOffer | null> {
    const [row] = await tx.query<Row>({
      name: `${this.schema}_routing_find_offer`,
      text: `select * from ${this.offers} where id = $1`,
      values: [id],
    });
    return row ? restoreOffer(row) : null;
  }

  async lockOffer(tx: PgQueries, id: string): Promise<AgentOffer | null> {
    const [row] = await tx.query<Row>({
      name: `${this.schema}_routing_lock_offer`,
      text: `select * from ${this.offers} where id = $1 for update`,
      values: [id],
    });
    return row ? restoreOffer(row) : null;
  }

  /**
   * An agent leg's status as the offer applied it, only if no other callback changed the leg since
   * `before` was read (compare-and-set, no lock held meanwhile). Answers whether it was written.
   */
  async saveLegStatus(
    tx: PgQueries,
    offer: AgentOffer,
    before: AgentOfferState,
    now: Date,
  ): Promise<boolean> {
    const s = offer.state();
    const rows = await tx.query({
      name: `${this.schema}_routing_save_leg_status`,
      text: `update ${this.offers} set leg_status = $2, leg_sequence = $3, updated_at = $4
        where id = $1 and leg_sequence = $5 and leg_status is not distinct from $6::varchar returning id`,
      values: [s.id, s.legStatus, s.legSequence, now, before.legSequence, before.legStatus],
    });
    return rows.length > 0;
  }

  /** A call just offered: the new offer inserted, the call written, the `offer-made` event in the outbox. */
  async saveOffered(tx: PgQueries, now: Date, offer: AgentOffer, call: WaitingCall): Promise<void> {
    const o = offer.state();
    const values: unknown[] = [now, this.eventsOf(offer, call)];
    const p = (value: unknown) => `$${values.push(value)}`;
    const insert = `o as (insert into ${this.offers} (id, tenant_id, waiting_call_id, agent_id, reservation_id,
         attempt, status, twilio_account, leg_sequence, hold_until, created_at, updated_at)
       values (${p(o.id)}, ${p(o.tenantId)}, ${p(o.waitingCallId)}, ${p(o.agentId)}, ${p(o.reservationId)},
         ${p(o.attempt)}, ${p(o.status)}, ${p(o.twilioAccount)}, ${p(o.legSequence)}, ${p(o.holdUntil)},
         ${p(o.createdAt)}, $1))`;
    await tx.query({
      name: `${this.schema}_routing_save_offered`,
      text: `with ${insert}, ${this.callWrite(p, call, 0)} ${outboxInsertSql(this.schema, 2)}`,
      values,
    });
  }

  /**
   * Writes each aggregate's state and their recorded events (the offers' first, then the calls')
   * in one statement. Answers how many events.
   */
  async save(tx: PgQueries, now: Date, ...aggregates: (AgentOffer | WaitingCall)[]): Promise<number> {
    if (aggregates.length === 0) return 0;
    const offers = aggregates.filter((a) => a instanceof AgentOffer);
    const calls = aggregates.filter((a) => a instanceof WaitingCall);
    const events = [...offers, ...calls].flatMap((a) => a.pullEvents());
    const values: unknown[] = [now, outboxRowsJson(events.map(routingOutboxEntry))];
    const p = (value: unknown) => `$${values.push(value)}`;
    const writes = [
      ...offers.map((offer, i) => this.offerWrite(p, offer, i)),
      ...calls.map((call, i) => this.callWrite(p, call, i)),
    ];
    await tx.query({
      name: `${this.schema}_routing_save_${offers.length}o${calls.length}c`,
      text: `with ${writes.join(', ')} ${outboxInsertSql(this.schema, 2)}`,
      values,
    });
    return events.length;
  }

  private eventsOf(...aggregates: (AgentOffer | WaitingCall)[]): string {
    return outboxRowsJson(aggregates.flatMap((a) => a.pullEvents()).map(routingOutboxEntry));
  }

  /** The write of a call's state; `p` adds a parameter, `$1` is the time of the change. */
  private callWrite(p: Param, call: WaitingCall, i: number): string {
    const c = call.state();
    return `c${i} as (update ${this.calls} set status = ${p(c.status)}, current_offer_id = ${p(c.currentOfferId)}::uuid,
      missed_agents = ${p(textArrayLiteral(c.missedAgents))}::text[], ended_at = ${p(c.endedAt)}::timestamptz,
      updated_at = $1 where id = ${p(c.id)})`;
  }

  /** The write of an offer's state; `p` adds a parameter, `$1` is the time of the change. */
  private offerWrite(p: Param, offer: AgentOffer, i: number): string {
    const o = offer.state();
    return `o${i} as (update ${this.offers} set status = ${p(o.status)}, agent_number = ${p(o.agentNumber)}::varchar,
      agent_call_sid = ${p(o.agentCallSid)}::varchar, leg_status = ${p(o.legStatus)}::varchar,
      leg_sequence = ${p(o.legSequence)}, miss_reason = ${p(o.missReason)}::varchar,
      accepted_at = ${p(o.acceptedAt)}::timestamptz, ended_at = ${p(o.endedAt)}::timestamptz,
      wrap_up_until = ${p(o.wrapUpUntil)}::timestamptz, freed_at = ${p(o.freedAt)}::timestamptz, updated_at = $1
      where id = ${p(o.id)})`;
  }
}

type Param = (value: unknown) => string;
