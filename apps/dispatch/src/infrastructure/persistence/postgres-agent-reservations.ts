import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { normaliseSkills, type RoutingPolicy } from '@tp/routing-domain';
import { APP_INFO, PgStatements, qualifiedTable, type AppInfo, type PgStatement } from '@tp/platform';
import { AgentReservations, type AgentReservation } from '../../application/ports/agent-reservations.port';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../dispatch.config';
import { textArrayLiteral } from './routing-agent.store';

/**
 * The eligibility of `@tp/routing-domain`'s `isEligible`, in SQL. Parameters, in this order: tenant,
 * now, skills (a text array literal), now + margin; `?` placeholders unless `params` names them
 * (`['$1', '$2', '$3', '$4']` for a prepared statement).
 */
export function eligibleWhere(alias = '', params: readonly string[] = ['?', '?', '?', '?']): string {
  const c = (column: string) => `${alias}${column}`;
  const [tenant, now, skills, cutoff] = params;
  return `${c('tenant_id')} = ${tenant} and ${c('state')} = 'online' and ${c('status')} = 'active'
     and (${c('reserved_until')} is null or ${c('reserved_until')} <= ${now})
     and ${c('skills')} @> ${skills}::text[]
     and ${c('expires_at')} > ${cutoff}
     and ${c('idle_since')} is not null`;
}

/** `byLongestIdle` in SQL. */
export const LONGEST_IDLE_FIRST = 'idle_since, agent_id';

/** What one choose-and-reserve asks for. */
export interface ChooseAndReserve {
  readonly tenantId: string;
  readonly requiredSkills: readonly string[];
  /** Agents never to choose (those who already missed this call). */
  readonly exclude: readonly string[];
  readonly now: Date;
  /** Agents within this instant of their expiry are not chosen (now + the routing margin). */
  readonly expiryCutoff: Date;
  readonly reservationId: string;
  readonly holdUntil: Date;
  readonly callSid: string | null;
}

/**
 * Choose-and-reserve as one prepared statement (planned once per connection): the eligible agent
 * idle longest is locked with `FOR UPDATE SKIP LOCKED` (a row another transaction holds is passed
 * over, and a row reserved by a transaction that committed meanwhile fails the re-check) and its
 * reservation set in the same UPDATE. The offer engine runs it inside its claim transaction;
 * {@link PostgresAgentReservations} on its own.
 */
export function chooseAndReserveStatement(schema: string, ask: ChooseAndReserve): PgStatement {
  const table = qualifiedTable(schema, 'routing_agent');
  return {
    name: `${schema}_routing_choose_and_reserve`,
    text: `with chosen as (
             select tenant_id, agent_id from ${table}
              where ${eligibleWhere('', ['$1', '$2', '$3', '$4'])} and not (agent_id = any($5::text[]))
              order by ${LONGEST_IDLE_FIRST}
              limit 1
              for update skip locked)
           update ${table} r
              set reserved_until = $6, reservation_id = $7, reservation_call = $8, updated_at = now()
             from chosen
            where r.tenant_id = chosen.tenant_id and r.agent_id = chosen.agent_id
           returning r.agent_id, r.reserved_until`,
    values: [
      ask.tenantId,
      ask.now,
      textArrayLiteral(normaliseSkills(ask.requiredSkills)),
      ask.expiryCutoff,
      textArrayLiteral(ask.exclude),
      ask.holdUntil,
      ask.reservationId,
      ask.callSid,
    ],
  };
}

/**
 * Choose-and-reserve in one statement: the eligible agent idle longest is locked with
 * `FOR UPDATE SKIP LOCKED` (a row another transaction holds is passed over, and a row reserved by a
 * transaction that committed meanwhile fails the re-check) and its reservation set in the same
 * UPDATE. Two replicas therefore never hold one agent twice. A reservation in the past is free.
 */
@Injectable()
export class PostgresAgentReservations extends AgentReservations {
  private readonly schema: string;
  private readonly table: string;
  private readonly policy: RoutingPolicy;
  private readonly sql: PgStatements;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
    @Inject(DISPATCH_CONFIG) config: Pick<DispatchConfig, 'routingPolicy'>,
  ) {
    super();
    this.schema = app.schema;
    this.table = qualifiedTable(app.schema, 'routing_agent');
    this.policy = config.routingPolicy;
    this.sql = new PgStatements(em);
  }

  async chooseAndReserve(
    tenantId: string,
    requiredSkills: readonly string[],
    holdMs: number,
    now: Date,
    callSid?: string,
  ): Promise<AgentReservation | null> {
    const reservationId = randomUUID();
    const [row] = await this.sql.query<{ agent_id: string; reserved_until: Date | string }>(
      chooseAndReserveStatement(this.schema, {
        tenantId,
        requiredSkills,
        exclude: [],
        now,
        expiryCutoff: new Date(now.getTime() + this.policy.expiryMarginMinutes * 60_000),
        reservationId,
        holdUntil: new Date(now.getTime() + holdMs),
        callSid: callSid ?? null,
      }),
    );
    if (!row) return null;
    return { reservationId, tenantId, agentId: row.agent_id, reservedUntil: new Date(row.reserved_until) };
  }

  async release(reservationId: string): Promise<boolean> {
    const rows = await this.sql.query<{ agent_id: string }>({
      name: `${this.schema}_routing_release`,
      text: `update ${this.table} set reserved_until = null, reservation_id = null, reservation_call = null, updated_at = now()
          where reservation_id = $1 returning agent_id`,
      values: [reservationId],
    });
    return rows.length > 0;
  }
}
