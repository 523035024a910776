import { EntityManager } from '@mikro-orm/postgresql';
import { PgStatements } from '@tp/platform';
import type { Offer } from '../../application/ports/routing-queue.port';
import type { RoutingAgentMirror } from './routing-agent-mirror';
import type { RoutingAggregateStore } from './routing-aggregate.store';
import { restoreOffer, type Row } from './routing-rows';

/**
 * What the routing tick settles about agents, each agent in its own transaction with its row
 * locked (`FOR UPDATE SKIP LOCKED`, so replicas share the work): those unreachable after too many
 * misses in a row go offline, and those whose wrap-up ended are freed. Presence is told inside the
 * transaction, and the row changes only if that succeeds: a failure is tried again next tick.
 */
export class PostgresAgentSettlements {
  private readonly sql: PgStatements;

  constructor(
    private readonly em: EntityManager,
    private readonly agents: string,
    private readonly offers: string,
    private readonly store: RoutingAggregateStore,
    private readonly mirror: RoutingAgentMirror | null,
  ) {
    this.sql = new PgStatements(em);
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

  /** The offer decides (`AgentOffer.free`: its wrap-up ended, not freed yet); the reservation is released here. */
  async freeDueAgents(now: Date, limit: number, free: (offer: Offer) => Promise<void>): Promise<number> {
    let freed = 0;
    while (freed < limit) {
      const done = await this.sql.transaction(async (tx) => {
        const [row] = await tx.query<Row>({
          name: `${this.store.schema}_routing_due_free`,
          text: `select * from ${this.offers} where wrap_up_until <= $1 and freed_at is null
            order by wrap_up_until limit 1 for update skip locked`,
          values: [now],
        });
        if (!row) return null;
        const offer = restoreOffer(row);
        const view = offer.view();
        await free(view);
        offer.free(now);
        await this.store.save(tx, now, offer);
        await tx.query({
          name: `${this.store.schema}_routing_free_release`,
          text: `update ${this.agents} set reserved_until = null, reservation_id = null, reservation_call = null,
              updated_at = now() where tenant_id = $1 and agent_id = $2 and reservation_id = $3`,
          values: [view.tenantId, view.agentId, view.reservationId],
        });
        return view;
      });
      if (!done) break;
      this.mirror?.released(done.tenantId, done.agentId, done.reservationId);
      freed += 1;
    }
    return freed;
  }
}
