import { outboxInsertSql, outboxRowsJson, qualifiedTable, type PgQueries } from '@tp/platform';
import { AgentOffer, WaitingCall, type NewWaitingCall, type RoutingEvent } from '@tp/routing-domain';
import { routingOutboxEntry } from '../messaging/routing-event.envelope';
import { textArrayLiteral } from './routing-agent.store';
import { restoreOffer, restoreWaitingCall, type Row } from './routing-rows';

/**
 * Loads and saves routing's aggregates (`WaitingCall` in `waiting_call`, `AgentOffer` in `offer`)
 * with named prepared statements inside the caller's transaction. A load locks the row
 * (`FOR UPDATE`, or `SKIP LOCKED` for a claim); a save writes the state the aggregate reached and
 * the events it recorded to the outbox in the same transaction. The aggregates decide; this only
 * maps rows.
 */
export class RoutingAggregateStore {
  private readonly calls: string;
  private readonly offers: string;

  constructor(readonly schema: string) {
    this.calls = qualifiedTable(schema, 'waiting_call');
    this.offers = qualifiedTable(schema, 'offer');
  }

  /** A call with how many offers it made, so that the next one knows its attempt. */
  private selectCall(where: string): string {
    return `select w.*, (select count(*) from ${this.offers} o where o.waiting_call_id = w.id) as offers_made
      from ${this.calls} w where ${where}`;
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
      text: `${this.selectCall('w.id = $1')} for update of w`,
      values: [id],
    });
    return row ? restoreWaitingCall(row) : null;
  }

  /** The call if it can be offered at `now` and no other transaction holds it. */
  async claimCall(tx: PgQueries, id: string, now: Date): Promise<WaitingCall | null> {
    const [row] = await tx.query<Row>({
      name: `${this.schema}_routing_claim_call`,
      text: `${this.selectCall(`w.id = $1 and w.status = 'waiting' and w.deadline > $2`)} for update of w skip locked`,
      values: [id, now],
    });
    return row ? restoreWaitingCall(row) : null;
  }

  /** Calls still waiting (or being offered) at or past their deadline, the earliest first, that no other transaction holds. */
  async lockDueCalls(tx: PgQueries, now: Date, limit: number): Promise<WaitingCall[]> {
    const rows = await tx.query<Row>({
      name: `${this.schema}_routing_lock_due_calls`,
      text: `${this.selectCall(`w.status in ('waiting', 'offering') and w.deadline <= $1`)}
        order by w.deadline limit $2 for update of w skip locked`,
      values: [now, limit],
    });
    return rows.map(restoreWaitingCall);
  }

  async lockOffer(tx: PgQueries, id: string): Promise<AgentOffer | null> {
    const [row] = await tx.query<Row>({
      name: `${this.schema}_routing_lock_offer`,
      text: `select * from ${this.offers} where id = $1 for update`,
      values: [id],
    });
    return row ? restoreOffer(row) : null;
  }

  /** A call just offered: the new offer inserted, the call written, the `offer-made` event in the outbox. */
  async saveOffered(tx: PgQueries, now: Date, offer: AgentOffer, call: WaitingCall): Promise<void> {
    const s = offer.state();
    await tx.query({
      name: `${this.schema}_routing_insert_offer`,
      text: `insert into ${this.offers} (id, tenant_id, waiting_call_id, agent_id, reservation_id, attempt, status,
         twilio_account, agent_number, agent_call_sid, leg_status, leg_sequence, miss_reason, hold_until,
         created_at, updated_at, accepted_at, ended_at, wrap_up_until, freed_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, null, null, null, $9, null, $10, $11, $11, null, null, null, null)`,
      values: [
        ...[s.id, s.tenantId, s.waitingCallId, s.agentId, s.reservationId, s.attempt, s.status],
        ...[s.twilioAccount, s.legSequence, s.holdUntil, s.createdAt],
      ],
    });
    await this.writeCall(tx, call, now);
    await this.writeEvents(tx, [...offer.pullEvents(), ...call.pullEvents()]);
  }

  /** Writes each aggregate's state (offers, then calls, as given) and their recorded events. Answers how many events. */
  async save(tx: PgQueries, now: Date, ...aggregates: (AgentOffer | WaitingCall)[]): Promise<number> {
    const events: RoutingEvent[] = [];
    for (const aggregate of aggregates) {
      await (aggregate instanceof AgentOffer
        ? this.writeOffer(tx, aggregate, now)
        : this.writeCall(tx, aggregate, now));
      events.push(...aggregate.pullEvents());
    }
    await this.writeEvents(tx, events);
    return events.length;
  }

  private async writeEvents(tx: PgQueries, events: readonly RoutingEvent[]): Promise<void> {
    if (events.length === 0) return;
    await tx.query({
      name: `${this.schema}_routing_outbox`,
      text: outboxInsertSql(this.schema, 1),
      values: [outboxRowsJson(events.map(routingOutboxEntry))],
    });
  }

  private async writeCall(tx: PgQueries, call: WaitingCall, now: Date): Promise<void> {
    const s = call.state();
    await tx.query({
      name: `${this.schema}_routing_save_call`,
      text: `update ${this.calls} set status = $2, current_offer_id = $3, missed_agents = $4::text[], ended_at = $5,
         updated_at = $6 where id = $1`,
      values: [s.id, s.status, s.currentOfferId, textArrayLiteral(s.missedAgents), s.endedAt, now],
    });
  }

  private async writeOffer(tx: PgQueries, offer: AgentOffer, now: Date): Promise<void> {
    const s = offer.state();
    await tx.query({
      name: `${this.schema}_routing_save_offer`,
      text: `update ${this.offers} set status = $2, agent_number = $3, agent_call_sid = $4, leg_status = $5,
         leg_sequence = $6, miss_reason = $7, accepted_at = $8, ended_at = $9, wrap_up_until = $10, freed_at = $11,
         updated_at = $12 where id = $1`,
      values: [
        ...[s.id, s.status, s.agentNumber, s.agentCallSid, s.legStatus, s.legSequence, s.missReason],
        ...[s.acceptedAt, s.endedAt, s.wrapUpUntil, s.freedAt, now],
      ],
    });
  }
}
