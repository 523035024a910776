import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { executeBound } from '@tp/platform';
import type { PresenceEvent, SessionOrigin } from '@tp/timed-presence-domain';

const SESSIONS = '"presence"."timed_session"';
const HOUR_MS = 3_600_000;

export interface Ending {
  tenant_id: string;
  agent_id: string;
  at: string;
  reason: string;
}

export interface Opening {
  id: string;
  tenant_id: string;
  agent_id: string;
  hours: number;
  start_reason: string;
  call_sid: string | null;
  flow_id: string | null;
  started_at: string;
  planned_end_at: string;
}

/**
 * Keeps the timed session history in step with presence events, in the caller's transaction: a
 * login opens a session, new hours end it (`replaced`) and open the next, going offline ends it.
 * Busy/available changes leave sessions alone.
 */
export async function recordSessions(
  tx: EntityManager,
  events: readonly PresenceEvent[],
  origin?: SessionOrigin,
): Promise<void> {
  const { endings, openings } = sessionChanges(events, origin);
  await endSessions(tx, endings);
  if (openings.length > 0) await executeBound(tx, openSessionsSql('?'), [JSON.stringify(openings)]);
}

/** Which sessions a save's events end and which they open. */
export function sessionChanges(
  events: readonly PresenceEvent[],
  origin?: SessionOrigin,
): { endings: Ending[]; openings: Opening[] } {
  const endings: Ending[] = [];
  const openings: Opening[] = [];
  for (const event of events) {
    const newWindow =
      event.type === 'agent-went-online' ||
      (event.type === 'agent-presence-changed' && (event.reason === 'changed' || event.reason === 'admin'));
    if (event.type === 'agent-went-offline' || (newWindow && event.type !== 'agent-went-online')) {
      endings.push({
        tenant_id: event.tenantId,
        agent_id: event.agentId,
        at: event.occurredAt,
        reason: event.type === 'agent-went-offline' ? event.reason : 'replaced',
      });
    }
    if (newWindow && event.expiresAt !== null) {
      const planned = new Date(event.expiresAt).getTime();
      openings.push({
        id: randomUUID(),
        tenant_id: event.tenantId,
        agent_id: event.agentId,
        hours: origin?.hours ?? Math.round((planned - new Date(event.occurredAt).getTime()) / HOUR_MS),
        start_reason: event.reason === 'admin' ? 'admin' : 'login',
        call_sid: origin?.callSid ?? null,
        flow_id: origin?.flowId ?? null,
        started_at: event.occurredAt,
        planned_end_at: event.expiresAt,
      });
    }
  }
  return { endings, openings };
}

/** Opens the sessions of a jsonb array of {@link Opening}s (`param`), under an optional `where`. */
export function openSessionsSql(param: string, where = ''): string {
  return `insert into ${SESSIONS} (id, tenant_id, agent_id, hours, start_reason, call_sid, flow_id, started_at, planned_end_at)
       select id, tenant_id, agent_id, hours, start_reason, call_sid, flow_id, started_at, planned_end_at
         from jsonb_to_recordset(${param}::jsonb) as v(id uuid, tenant_id text, agent_id text, hours int, start_reason text,
              call_sid text, flow_id text, started_at timestamptz, planned_end_at timestamptz) ${where}`;
}

/** Ends the open sessions named by a jsonb array of {@link Ending}s (`param`), with an optional `and`. */
export function endSessionsSql(param: string, and = ''): string {
  return `update ${SESSIONS} s set ended_at = v.at, end_reason = v.reason
       from jsonb_to_recordset(${param}::jsonb) as v(tenant_id text, agent_id text, at timestamptz, reason text)
      where s.tenant_id = v.tenant_id and s.agent_id = v.agent_id and s.ended_at is null ${and}`;
}

/** Ends the open session of each agent (one statement for a whole batch). */
export async function endSessions(tx: EntityManager, endings: readonly Ending[]): Promise<void> {
  if (endings.length === 0) return;
  await executeBound(
    tx,
    `update ${SESSIONS} s set ended_at = v.at, end_reason = v.reason
       from jsonb_to_recordset(?::jsonb) as v(tenant_id text, agent_id text, at timestamptz, reason text)
      where s.tenant_id = v.tenant_id and s.agent_id = v.agent_id and s.ended_at is null`,
    [JSON.stringify(endings)],
  );
}
