import type { SpeechStep } from '@tp/contracts';
import type { TwilioAccountOwner } from '@tp/dispatch-domain';
import {
  AgentOffer,
  WaitingCall,
  type AgentOfferState,
  type MissReason,
  type OfferStatus,
  type WaitingCallStatus,
} from '@tp/routing-domain';
import type { Offer, WaitingCall as WaitingCallView } from '../../application/ports/routing-queue.port';

export type Row = Record<string, unknown>;
const date = (value: unknown): Date => new Date(value as string | Date);
const dateOrNull = (value: unknown): Date | null =>
  value === null || value === undefined ? null : date(value);

/** A `waiting_call` row as the application sees it. */
export function toWaitingCall(row: Row): WaitingCallView {
  return {
    id: row.id as string,
    tenantId: row.tenant_id as string,
    callSid: row.call_sid as string,
    sessionId: row.session_id as string,
    turn: Number(row.turn),
    twilioAccount: row.twilio_account as TwilioAccountOwner,
    contactPoint: row.contact_point as string,
    queueNodeId: row.queue_node_id as string,
    queueName: row.queue_name as string,
    requiredSkills: row.required_skills as string[],
    priority: Number(row.priority),
    hold: (typeof row.hold === 'string' ? JSON.parse(row.hold) : row.hold) as SpeechStep[],
    enqueuedAt: date(row.enqueued_at),
    deadline: date(row.deadline),
    status: row.status as WaitingCallStatus,
    currentOfferId: (row.current_offer_id as string | null) ?? null,
    missedAgents: (row.missed_agents as string[] | null) ?? [],
    queueSid: (row.queue_sid as string | null) ?? null,
  };
}

/** The aggregate of a `waiting_call` row read with its `offers_made` (see `RoutingAggregateStore`). */
export function restoreWaitingCall(row: Row): WaitingCall {
  if (row.offers_made === undefined)
    throw new Error(`waiting call ${String(row.id)} read without offers_made`);
  return WaitingCall.restore({
    ...toWaitingCall(row),
    offersMade: Number(row.offers_made),
    endedAt: dateOrNull(row.ended_at),
  });
}

function offerState(row: Row): AgentOfferState {
  return {
    id: row.id as string,
    tenantId: row.tenant_id as string,
    waitingCallId: row.waiting_call_id as string,
    agentId: row.agent_id as string,
    reservationId: row.reservation_id as string,
    attempt: Number(row.attempt),
    status: row.status as OfferStatus,
    twilioAccount: row.twilio_account as TwilioAccountOwner,
    agentNumber: (row.agent_number as string | null) ?? null,
    agentCallSid: (row.agent_call_sid as string | null) ?? null,
    missReason: (row.miss_reason as MissReason | null) ?? null,
    holdUntil: date(row.hold_until),
    createdAt: date(row.created_at),
    legStatus: (row.leg_status as string | null) ?? null,
    legSequence: Number(row.leg_sequence),
    acceptedAt: dateOrNull(row.accepted_at),
    endedAt: dateOrNull(row.ended_at),
    wrapUpUntil: dateOrNull(row.wrap_up_until),
    freedAt: dateOrNull(row.freed_at),
  };
}

/** The aggregate of an `offer` row. */
export function restoreOffer(row: Row): AgentOffer {
  return AgentOffer.restore(offerState(row));
}

/** An `offer` row as the application sees it. */
export function toOffer(row: Row): Offer {
  return restoreOffer(row).view();
}
