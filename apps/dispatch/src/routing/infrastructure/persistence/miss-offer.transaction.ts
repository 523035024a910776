import { qualifiedTable, type PgQueries } from '@tp/platform';
import { afterMiss, type MissReason } from '@tp/routing-domain';
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
  const offer = await store.lockOffer(tx, offerId);
  if (!offer?.isOpen()) return null;
  const call = await store.lockCall(tx, offer.view().waitingCallId);
  if (!call) throw new Error(`offer ${offerId} has no waiting call`);
  offer.miss(reason, call, now);
  await store.save(tx, now, offer, call);

  const { tenantId, agentId, reservationId } = offer.view();
  const [agent] = await tx.query<{ consecutive_misses: number }>({
    name: `${schema}_routing_miss_release`,
    text: `update ${agents} set reservation_id = case when reservation_id = $3 then null else reservation_id end,
              reserved_until = case when reservation_id = $3 then null else reserved_until end,
              reservation_call = case when reservation_id = $3 then null else reservation_call end,
              updated_at = case when reservation_id = $3 then now() else updated_at end
        where tenant_id = $1 and agent_id = $2
        returning consecutive_misses`,
    values: [tenantId, agentId, reservationId],
  });
  const counted = afterMiss(Number(agent?.consecutive_misses ?? 0), reason, maxConsecutiveMisses);
  if (agent && counted.consecutiveMisses !== Number(agent.consecutive_misses))
    await tx.query({
      name: `${schema}_routing_miss_count`,
      text: `update ${agents} set consecutive_misses = $3 where tenant_id = $1 and agent_id = $2`,
      values: [tenantId, agentId, counted.consecutiveMisses],
    });
  return { offer: offer.view(), unreachable: counted.unreachable };
}
