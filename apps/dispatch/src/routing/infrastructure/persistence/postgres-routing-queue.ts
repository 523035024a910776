import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { APP_INFO, OutboxRelayService, PgStatements, qualifiedTable, type AppInfo } from '@tp/platform';
import {
  CallerGone,
  OfferNotAccepted,
  OfferSettled,
  WaitAlreadyEnded,
  type MissReason,
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
import { RoutingAgentMirror } from './routing-agent-mirror';
import { RoutingAggregateStore } from './routing-aggregate.store';
import { claimCall, CLAIM_SETTINGS } from './claim-call.transaction';
import { missOffer } from './miss-offer.transaction';
import { PostgresAgentSettlements } from './postgres-agent-settlements';
import { LegsRead } from './legs-read';
import { restoreOffer, toOffer, toWaitingCall, type Row } from './routing-rows';

/**
 * The routing queue in PostgreSQL (`waiting_call`, `offer`, and the reservation columns of
 * `routing_agent`). Each step loads the aggregates it changes (`WaitingCall`, `AgentOffer` of
 * `@tp/routing-domain`) with their rows locked, lets them decide, and saves their state and their
 * events to the outbox in one transaction (`RoutingAggregateStore`, ADR 24). What stays in SQL:
 * which calls and offers a step looks at (reads), choosing and reserving an agent (ADR 16), and the
 * agent's reservation and misses in a row in `routing_agent`. Claiming a call skips calls another
 * replica holds (`FOR UPDATE SKIP LOCKED`).
 */
@Injectable()
export class PostgresRoutingQueue extends RoutingQueue {
  private readonly calls: string;
  private readonly offers: string;
  private readonly agents: string;
  private readonly schema: string;
  private readonly sql: PgStatements;
  private readonly store: RoutingAggregateStore;
  private readonly settlements: PostgresAgentSettlements;
  private readonly legsRead = new LegsRead();

  constructor(
    em: EntityManager,
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
    this.store = new RoutingAggregateStore(app.schema);
    this.settlements = new PostgresAgentSettlements(em, this.agents, this.offers, this.store, mirror);
  }

  async enqueue(call: NewWaitingCall): Promise<WaitingCall> {
    return toWaitingCall(await this.sql.transaction((tx) => this.store.enqueue(tx, call)));
  }

  async findCall(id: string): Promise<WaitingCall | null> {
    const [row] = await this.read(`find_call`, `select * from ${this.calls} where id = $1`, [id]);
    return row ? toWaitingCall(row) : null;
  }

  async findOffer(id: string): Promise<Offer | null> {
    const [row] = await this.read(`find_offer`, `select * from ${this.offers} where id = $1`, [id]);
    if (!row) return null;
    const offer = restoreOffer(row);
    this.legsRead.remember(offer);
    return offer.view();
  }

  async position(id: string): Promise<number | null> {
    const [row] = await this.read(
      'position',
      `select w.status,
              (select count(*) from ${this.calls} o
                where o.tenant_id = w.tenant_id and o.status in ('waiting', 'offering') and o.id <> w.id
                  and (o.priority > w.priority
                       or (o.priority = w.priority and (o.enqueued_at < w.enqueued_at
                           or (o.enqueued_at = w.enqueued_at and o.id < w.id))))) as ahead
         from ${this.calls} w where w.id = $1`,
      [id],
    );
    if (!row || (row.status !== 'waiting' && row.status !== 'offering')) return null;
    return Number(row.ahead) + 1;
  }

  async endWait(id: string, status: 'left' | 'abandoned', now: Date): Promise<WaitingCall | null> {
    const ended = await this.sql.transaction(async (tx) => {
      const call = await this.store.lockCall(tx, id);
      if (!call) return null;
      try {
        if (status === 'abandoned') call.abandon(now);
        else call.timeOut(now);
      } catch (error) {
        if (error instanceof WaitAlreadyEnded) return null;
        throw error;
      }
      await this.store.save(tx, now, call);
      return call.view();
    });
    if (ended) this.relay.kick();
    return ended;
  }

  async tenantsWithWaitingCalls(now: Date): Promise<string[]> {
    const rows = await this.read(
      'waiting_tenants',
      `select distinct tenant_id from ${this.calls} where status = 'waiting' and deadline > $1`,
      [now],
    );
    return rows.map((r) => r.tenant_id as string);
  }

  async claimNextOffer(
    tenantId: string,
    now: Date,
    holdMs: number,
    expiryCutoff: Date,
  ): Promise<OfferPlan | null> {
    const candidates = await this.read(
      'claim_candidates',
      `select id from ${this.calls}
        where tenant_id = $1 and status = 'waiting' and deadline > $2
        order by priority desc, enqueued_at, id limit 50`,
      [tenantId, now],
    );
    for (const { id } of candidates) {
      const ask = { id: id as string, tenantId, now, holdMs, expiryCutoff };
      const plan = await this.sql.transaction(
        (tx) => claimCall(tx, this.store, this.schema, this.mirror, ask),
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
    await this.sql.transaction(async (tx) => {
      const offer = await this.store.lockOffer(tx, offerId);
      if (!offer) return;
      offer.placed(agentNumber, agentCallSid);
      await this.store.save(tx, now, offer);
    });
  }

  async accept(offerId: string, now: Date): Promise<AcceptResult> {
    const result = await this.sql.transaction(async (tx): Promise<AcceptResult> => {
      const locked = await this.store.lockOfferAndCall(tx, offerId);
      if (!locked) return { accepted: false, why: 'settled' };
      const { offer, call } = locked;
      try {
        offer.accept(call, now);
      } catch (error) {
        if (error instanceof OfferSettled) return { accepted: false, why: 'settled' };
        if (error instanceof CallerGone) return { accepted: false, why: 'caller-gone' };
        throw error;
      }
      await this.store.save(tx, now, offer, call);
      const { tenantId, agentId } = offer.view();
      await tx.query({
        name: `${this.schema}_routing_accept_misses`,
        text: `update ${this.agents} set consecutive_misses = 0 where tenant_id = $1 and agent_id = $2`,
        values: [tenantId, agentId],
      });
      return { accepted: true, offer: offer.view(), call: call.view() };
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
    const result = await this.sql.transaction((tx) =>
      missOffer(tx, this.store, this.schema, { offerId, reason, now, maxConsecutiveMisses }),
    );
    if (result) {
      this.mirror?.released(result.offer.tenantId, result.offer.agentId, result.offer.reservationId);
      this.relay.kick();
    }
    return result;
  }

  /** Compare-and-set, without a transaction: a callback that raced another is decided again on the row it left. */
  /**
   * Compare-and-set, without a transaction or a lock: the offer decides on the leg as last read
   * (the status callback's own `findOffer` just read it, see {@link LegsRead}), and the write
   * happens only if the row still holds that leg; otherwise it reads again and decides again.
   */
  async applyLegStatus(offerId: string, status: string, sequence: number, now: Date): Promise<boolean> {
    for (let offer = this.legsRead.take(offerId); ; offer = null) {
      offer ??= await this.store.findOffer(this.sql, offerId);
      const before = offer?.state();
      if (!offer || !before || !offer.legStatus(status, sequence)) return false;
      if (await this.store.saveLegStatus(this.sql, offer, before, now)) return true;
    }
  }

  async endCall(offerId: string, now: Date, freeAt: Date): Promise<Offer | null> {
    return this.sql.transaction(async (tx) => {
      const offer = await this.store.lockOffer(tx, offerId);
      if (!offer) return null;
      try {
        offer.end(now, freeAt);
      } catch (error) {
        if (error instanceof OfferNotAccepted) return null;
        throw error;
      }
      await this.store.save(tx, now, offer);
      return offer.view();
    });
  }

  settleUnreachable(
    maxConsecutiveMisses: number,
    limit: number,
    goOffline: (tenantId: string, agentId: string) => Promise<void>,
  ): Promise<number> {
    return this.settlements.settleUnreachable(maxConsecutiveMisses, limit, goOffline);
  }

  async openOffersPast(now: Date, limit: number): Promise<Offer[]> {
    const rows = await this.read(
      'open_offers_past',
      `select * from ${this.offers} where status in ('placing', 'ringing') and hold_until <= $1
        order by hold_until limit $2`,
      [now, limit],
    );
    return rows.map(toOffer);
  }

  freeDueAgents(now: Date, limit: number, free: (offer: Offer) => Promise<void>): Promise<number> {
    return this.settlements.freeDueAgents(now, limit, free);
  }

  /** One read, as a named prepared statement. */
  private read(name: string, text: string, values: readonly unknown[]): Promise<Row[]> {
    return this.sql.query<Row>({ name: `${this.schema}_routing_${name}`, text, values });
  }
}
