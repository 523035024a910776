import type { EntityManager } from '@mikro-orm/postgresql';
import { insertOutboxRows, qualifiedTable } from '@tp/platform';
import { afterMiss, excludesAgentFromCall, type MissReason } from '@tp/routing-domain';
import type { MissResult } from '../../application/ports/routing-queue.port';
import { routingEvents } from '../messaging/routing-event.envelope';
import { toOffer, toWaitingCall, type Row } from './routing-rows';

/**
 * One miss, inside its transaction, once: the offer missed only from placing or ringing, the
 * agent's reservation released and their misses in a row counted, the call back to waiting (the
 * agent remembered unless the offer was never placed), the `offer-missed` event in the outbox.
 * Null when the offer was settled already.
 */
export async function missOffer(
  tx: EntityManager,
  schema: string,
  {
    offerId,
    reason,
    now,
    maxConsecutiveMisses,
  }: { offerId: string; reason: MissReason; now: Date; maxConsecutiveMisses: number },
): Promise<MissResult | null> {
  const offers = qualifiedTable(schema, 'offer');
  const calls = qualifiedTable(schema, 'waiting_call');
  const agents = qualifiedTable(schema, 'routing_agent');

  const rows = await tx.execute<Row[]>(
    `update ${offers} set status = 'missed', miss_reason = ?, updated_at = ?
      where id = ? and status in ('placing', 'ringing') returning *`,
    [reason, now, offerId],
  );
  if (!rows[0]) return null;
  const offer = toOffer(rows[0]);
  await tx.execute(
    `update ${agents} set reserved_until = null, reservation_id = null, reservation_call = null, updated_at = now()
      where tenant_id = ? and agent_id = ? and reservation_id = ?`,
    [offer.tenantId, offer.agentId, offer.reservationId],
  );
  await tx.execute(
    `update ${calls}
        set status = 'waiting', current_offer_id = null, updated_at = ?,
            missed_agents = case when ? then array_append(missed_agents, ?::text) else missed_agents end
      where id = ? and status = 'offering' and current_offer_id = ?`,
    [now, excludesAgentFromCall(reason), offer.agentId, offer.waitingCallId, offer.id],
  );
  const counts = await tx.execute<{ consecutive_misses: number }[]>(
    `select consecutive_misses from ${agents} where tenant_id = ? and agent_id = ? for update`,
    [offer.tenantId, offer.agentId],
  );
  const counted = afterMiss(Number(counts[0]?.consecutive_misses ?? 0), reason, maxConsecutiveMisses);
  await tx.execute(`update ${agents} set consecutive_misses = ? where tenant_id = ? and agent_id = ?`, [
    counted.consecutiveMisses,
    offer.tenantId,
    offer.agentId,
  ]);
  const left = await tx.execute<Row[]>(`select * from ${calls} where id = ?`, [offer.waitingCallId]);
  await insertOutboxRows(tx, schema, [routingEvents.offerMissed(offer, toWaitingCall(left[0]), reason, now)]);
  return { offer, unreachable: counted.unreachable };
}
