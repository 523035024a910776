import { randomUUID } from 'node:crypto';
import type { PgQueries } from '@tp/platform';
import type { OfferPlan } from '../../application/ports/routing-queue.port';
import { chooseAndReserve } from './postgres-agent-reservations';
import type { RoutingAgentMirror } from './routing-agent-mirror';
import type { RoutingAggregateStore } from './routing-aggregate.store';

/** `set local` settings of the claim transaction. */
export const CLAIM_SETTINGS = ['plan_cache_mode = force_generic_plan'] as const;

/**
 * One claim, inside its transaction: the waiting call locked (`FOR UPDATE SKIP LOCKED`, still
 * waiting and before its deadline), an agent chosen and reserved for it by choose-and-reserve
 * (ADR 16) excluding those who missed it, then the call offered to that agent by the aggregate
 * (`WaitingCall.offerTo`: the offer placing, the call offering, `offer-made` recorded), saved with
 * its event in the outbox. Null when the call is taken or no agent can have it now.
 */
export async function claimCall(
  tx: PgQueries,
  store: RoutingAggregateStore,
  schema: string,
  mirror: RoutingAgentMirror | null,
  {
    id,
    tenantId,
    now,
    holdMs,
    expiryCutoff,
  }: { id: string; tenantId: string; now: Date; holdMs: number; expiryCutoff: Date },
): Promise<OfferPlan | null> {
  const call = await store.claimCall(tx, id, now);
  if (!call) return null;
  const { requiredSkills, missedAgents, callSid } = call.view();
  const reservationId = randomUUID();
  const holdUntil = new Date(now.getTime() + holdMs);
  const chosen = await chooseAndReserve(
    tx,
    schema,
    { tenantId, requiredSkills, exclude: missedAgents, now, expiryCutoff, reservationId, holdUntil, callSid },
    mirror,
  );
  if (chosen === undefined) return null;
  const offer = call.offerTo(
    { offerId: randomUUID(), agentId: chosen.agent_id, reservationId, holdUntil },
    now,
  );
  await store.saveOffered(tx, now, offer, call);
  return { offer: offer.view(), call: call.view() };
  // Generic plans for the transaction's prepared statements: PostgreSQL otherwise re-plans
  // choose-and-reserve on every run (its generic estimate of `skills @> $3` looks worse than
  // the custom plans, which are the same plan), about a quarter of its cost (ADR 13).
}
