import { qualifiedTable, type PgQueries } from '@tp/platform';
import { afterMiss, countsAgainstAgent, type MissReason } from '@tp/routing-domain';
import type { MissResult } from '../../application/ports/routing-queue.port';
import type { RoutingAggregateStore } from './routing-aggregate.store';

/**
 * One miss, inside its transaction, once: the offer and its call locked and loaded, the miss decided
 * by the aggregates (`AgentOffer.miss`: only from placing or ringing, the call given back with the
 * agent remembered unless the offer was never placed, `offer-missed` recorded) and saved with its
 * event in the outbox; then the agent's reservation released and their misses in a row counted
 * (`afterMiss`) in `routing_agent`. Null when the offer was settled already.
 */
export async function missOffer(
  tx: PgQueries,
  store: RoutingAggregateStore,
  schema: string,
  {
    offerId,
    reason,
    now,
    maxConsecutiveMisses,
  }: { offerId: string; reason: MissReason; now: Date; maxConsecutiveMisses: number },
): Promise<MissResult | null> {
  const agents = qualifiedTable(schema, 'routing_agent');
  const locked = await store.lockOfferAndCall(tx, offerId);
  if (!locked?.offer.isOpen()) return null;
  const { offer, call } = locked;
  offer.miss(reason, call, now);
  await store.save(tx, now, offer, call);

  // The reservation released and the miss counted in one statement; `afterMiss` says what the count means.
  const counts = countsAgainstAgent(reason) ? 1 : 0;
  const { tenantId, agentId, reservationId } = offer.view();
  const [agent] = await tx.query<{ consecutive_misses: number }>({
    name: `${schema}_routing_miss_agent`,
    text: `update ${agents} set reservation_id = case when reservation_id = $3 then null else reservation_id end,
              reserved_until = case when reservation_id = $3 then null else reserved_until end,
              reservation_call = case when reservation_id = $3 then null else reservation_call end,
              updated_at = case when reservation_id = $3 then now() else updated_at end,
              consecutive_misses = consecutive_misses + $4
        where tenant_id = $1 and agent_id = $2
        returning consecutive_misses`,
    values: [tenantId, agentId, reservationId, counts],
  });
  const counted = afterMiss(
    Number(agent?.consecutive_misses ?? counts) - counts,
    reason,
    maxConsecutiveMisses,
  );
  return { offer: offer.view(), unreachable: counted.unreachable };
}
