import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { normaliseSkills, type RoutingPolicy } from '@tp/routing-domain';
import { APP_INFO, qualifiedTable, type AppInfo } from '@tp/platform';
import { AgentReservations, type AgentReservation } from '../../application/ports/agent-reservations.port';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../dispatch.config';
import { textArrayLiteral } from './routing-agent.store';

/** The eligibility of `@tp/routing-domain`'s `isEligible`, in SQL; parameters: tenant, now, skills, now + margin. */
export function eligibleWhere(alias = ''): string {
  const c = (column: string) => `${alias}${column}`;
  return `${c('tenant_id')} = ? and ${c('state')} = 'online' and ${c('status')} = 'active'
     and (${c('reserved_until')} is null or ${c('reserved_until')} <= ?)
     and ${c('skills')} @> ?::text[]
     and ${c('expires_at')} > ?
     and ${c('idle_since')} is not null`;
}

/** `byLongestIdle` in SQL. */
export const LONGEST_IDLE_FIRST = 'idle_since, agent_id';

/**
 * Choose-and-reserve in one statement: the eligible agent idle longest is locked with
 * `FOR UPDATE SKIP LOCKED` (a row another transaction holds is passed over, and a row reserved by a
 * transaction that committed meanwhile fails the re-check) and its reservation set in the same
 * UPDATE. Two replicas therefore never hold one agent twice. A reservation in the past is free.
 */
@Injectable()
export class PostgresAgentReservations extends AgentReservations {
  private readonly table: string;
  private readonly policy: RoutingPolicy;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
    @Inject(DISPATCH_CONFIG) config: Pick<DispatchConfig, 'routingPolicy'>,
  ) {
    super();
    this.table = qualifiedTable(app.schema, 'routing_agent');
    this.policy = config.routingPolicy;
  }

  async chooseAndReserve(
    tenantId: string,
    requiredSkills: readonly string[],
    holdMs: number,
    now: Date,
    callSid?: string,
  ): Promise<AgentReservation | null> {
    const reservationId = randomUUID();
    const until = new Date(now.getTime() + holdMs);
    const cutoff = new Date(now.getTime() + this.policy.expiryMarginMinutes * 60_000);
    const rows = await this.em.fork().execute<{ agent_id: string; reserved_until: Date | string }[]>(
      `with chosen as (
         select tenant_id, agent_id from ${this.table}
          where ${eligibleWhere()}
          order by ${LONGEST_IDLE_FIRST}
          limit 1
          for update skip locked)
       update ${this.table} r
          set reserved_until = ?, reservation_id = ?, reservation_call = ?, updated_at = now()
         from chosen
        where r.tenant_id = chosen.tenant_id and r.agent_id = chosen.agent_id
       returning r.agent_id, r.reserved_until`,
      [
        tenantId,
        now,
        textArrayLiteral(normaliseSkills(requiredSkills)),
        cutoff,
        until,
        reservationId,
        callSid ?? null,
      ],
    );
    const row = rows[0];
    if (!row) return null;
    return { reservationId, tenantId, agentId: row.agent_id, reservedUntil: new Date(row.reserved_until) };
  }

  async release(reservationId: string): Promise<boolean> {
    const rows = await this.em.fork().execute<{ agent_id: string }[]>(
      `update ${this.table} set reserved_until = null, reservation_id = null, reservation_call = null, updated_at = now()
          where reservation_id = ? returning agent_id`,
      [reservationId],
    );
    return rows.length > 0;
  }
}
