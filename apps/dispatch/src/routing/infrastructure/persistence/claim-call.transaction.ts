import { randomUUID } from 'node:crypto';
import { outboxInsertSql, outboxRowsJson, qualifiedTable, type PgQueries } from '@tp/platform';
import type { OfferPlan } from '../../application/ports/routing-queue.port';
import { routingEvents } from '../messaging/routing-event.envelope';
import { chooseAndReserve } from './postgres-agent-reservations';
import type { RoutingAgentMirror } from './routing-agent-mirror';
import { toOffer, toWaitingCall, type Row } from './routing-rows';

/** `set local` settings of the claim transaction. */
export const CLAIM_SETTINGS = ['plan_cache_mode = force_generic_plan'] as const;

/**
 * One claim, inside its transaction: the waiting call locked (`FOR UPDATE SKIP LOCKED`, still
 * waiting and before its deadline), an agent chosen and reserved for it by choose-and-reserve
 * (ADR 16) excluding those who missed it, the offer recorded and the call marked offering, and the
 * `offer-made` event in the outbox. Null when the call is taken or no agent can have it now.
 */
export async function claimCall(
  tx: PgQueries,
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
  const calls = qualifiedTable(schema, 'waiting_call');
  const offers = qualifiedTable(schema, 'offer');

  const [locked] = await tx.query<Row>({
    name: `${schema}_routing_claim_call`,
    text: `select * from ${calls} where id = $1 and status = 'waiting' and deadline > $2 for update skip locked`,
    values: [id, now],
  });
  if (!locked) return null;
  const call = toWaitingCall(locked);
  const reservationId = randomUUID();
  const holdUntil = new Date(now.getTime() + holdMs);
  const chosen = await chooseAndReserve(
    tx,
    schema,
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
    mirror,
  );
  if (chosen === undefined) return null;
  const offerId = randomUUID();
  const [inserted] = await tx.query<Row>({
    name: `${schema}_routing_insert_offer`,
    text: `insert into ${offers} (id, tenant_id, waiting_call_id, agent_id, reservation_id, attempt, status,
         twilio_account, agent_number, agent_call_sid, leg_status, leg_sequence, miss_reason, hold_until,
         created_at, updated_at, accepted_at, ended_at, wrap_up_until, freed_at)
       values ($1, $2, $3, $4, $5, (select count(*) + 1 from ${offers} where waiting_call_id = $3), 'placing',
         $6, null, null, null, -1, null, $7, $8, $8, null, null, null, null)
       returning *`,
    values: [offerId, tenantId, call.id, chosen.agent_id, reservationId, call.twilioAccount, holdUntil, now],
  });
  if (inserted === undefined) throw new Error(`offer ${offerId} was not stored`);
  await tx.query({
    name: `${schema}_routing_call_offering`,
    text: `update ${calls} set status = 'offering', current_offer_id = $1, updated_at = $2 where id = $3`,
    values: [offerId, now, call.id],
  });
  const offer = toOffer(inserted);
  await tx.query({
    name: `${schema}_routing_offer_made_event`,
    text: outboxInsertSql(schema, 1),
    values: [outboxRowsJson([routingEvents.offerMade(offer, call, now)])],
  });
  return { offer, call: { ...call, status: 'offering' as const, currentOfferId: offerId } };
  // Generic plans for the transaction's prepared statements: PostgreSQL otherwise re-plans
  // choose-and-reserve on every run (its generic estimate of `skills @> $3` looks worse than
  // the custom plans, which are the same plan), about a quarter of its cost (ADR 13).
}
