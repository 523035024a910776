import { EntityManager } from '@mikro-orm/postgresql';
import type { Offer } from '../../application/ports/routing-queue.port';
import type { RoutingAgentMirror } from './routing-agent-mirror';
import { toOffer, type Row } from './routing-rows';

/**
 * What the routing tick settles about agents, each agent in its own transaction with its row
 * locked (`FOR UPDATE SKIP LOCKED`, so replicas share the work): those unreachable after too many
 * misses in a row go offline, and those whose wrap-up ended are freed. Presence is told inside the
 * transaction, and the row changes only if that succeeds: a failure is tried again next tick.
 */
export class PostgresAgentSettlements {
  constructor(
    private readonly em: EntityManager,
    private readonly agents: string,
    private readonly offers: string,
    private readonly mirror: RoutingAgentMirror | null,
  ) {}

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
