import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { normaliseSkills, type RoutingPolicy } from '@tp/routing-domain';
import {
  APP_INFO,
  PgStatements,
  qualifiedTable,
  type AppInfo,
  type PgQueries,
  type PgStatement,
} from '@tp/platform';
import { AgentReservations, type AgentReservation } from '../../application/ports/agent-reservations.port';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';
import { RoutingAgentMirror } from './routing-agent-mirror';
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
 * Reserves the row `chosen` selects (with `FOR UPDATE SKIP LOCKED`: a row another transaction
 * holds is passed over, and a row reserved by a transaction that committed meanwhile fails the
 * re-check) in the same statement. Parameters: `$1`-`$4` those of {@link eligibleWhere}, `$5`
 * `fifth`, `$6`-`$8` the reservation.
 */
function reservingStatement(
  schema: string,
  name: string,
  chosen: (table: string) => string,
  fifth: unknown,
  ask: ChooseAndReserve,
): PgStatement {
  const table = qualifiedTable(schema, 'routing_agent');
  return {
    name: `${schema}_${name}`,
    text: `with chosen as (${chosen(table)} for update skip locked)
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
      fifth,
      ask.holdUntil,
      ask.reservationId,
      ask.callSid,
    ],
  };
}

const ELIGIBLE = eligibleWhere('', ['$1', '$2', '$3', '$4']);

/**
 * Choose-and-reserve as one prepared statement (planned once per connection): the eligible agent
 * idle longest, not in `exclude`, locked and reserved. What {@link chooseAndReserve} falls back to
 * when this replica's copy of the agents is unavailable or offers nobody who can be reserved.
 */
export function chooseAndReserveStatement(schema: string, ask: ChooseAndReserve): PgStatement {
  return reservingStatement(
    schema,
    'routing_choose_and_reserve',
    (table) => `select tenant_id, agent_id from ${table}
              where ${ELIGIBLE} and not (agent_id = any($5::text[]))
              order by ${LONGEST_IDLE_FIRST} limit 1`,
    textArrayLiteral(ask.exclude),
    ask,
  );
}

/**
 * Reserves one agent chosen from this replica's copy, by primary key, as a compare-and-set: the
 * row is locked only if no other transaction holds it and reserved only if every rule of
 * `eligibleWhere` still holds, so a stale copy can cost a retry, never a double reservation. No
 * index covers a reservation column, so the update is heap-only (HOT).
 */
export function reserveAgentStatement(schema: string, ask: ChooseAndReserve, agentId: string): PgStatement {
  return reservingStatement(
    schema,
    'routing_reserve_agent',
    (table) => `select tenant_id, agent_id from ${table} where agent_id = $5 and ${ELIGIBLE}`,
    agentId,
    ask,
  );
}

/** Candidates from the copy tried per choice before the SQL statement decides. */
export const MAX_COPY_ATTEMPTS = 8;

/**
 * Choose-and-reserve (ADR 16), on `tx`: the eligible agents of this replica's copy, longest idle
 * first, are tried one by one with {@link reserveAgentStatement} (the first that takes wins); when
 * the copy is unavailable, or none of its first {@link MAX_COPY_ATTEMPTS} candidates can be
 * reserved, {@link chooseAndReserveStatement} chooses from the table itself, so an agent the copy
 * has not heard of yet (a login a moment ago) is still found. Answers the agent and the end of the
 * reservation, or undefined when no agent is eligible.
 */
export async function chooseAndReserve(
  tx: PgQueries,
  schema: string,
  ask: ChooseAndReserve,
  mirror: RoutingAgentMirror | null,
): Promise<{ agent_id: string; reserved_until: Date | string } | undefined> {
  type Reserved = { agent_id: string; reserved_until: Date | string };
  const index = mirror ? await mirror.index(ask.tenantId) : null;
  if (mirror && index) {
    let attempts = 0;
    for (const agent of index.eligible(ask.requiredSkills, ask.now, new Set(ask.exclude))) {
      if (attempts++ >= MAX_COPY_ATTEMPTS) break;
      index.hold(agent.agentId);
      let reserved: Reserved | undefined;
      try {
        [reserved] = await tx.query<Reserved>(reserveAgentStatement(schema, ask, agent.agentId));
      } finally {
        index.release(agent.agentId);
      }
      if (reserved) {
        index.setReservation(agent.agentId, ask.holdUntil, ask.reservationId);
        mirror.stats.fromCopy += 1;
        return reserved;
      }
      mirror.stats.conflicts += 1;
      mirror.stale(ask.tenantId, agent.agentId, ask.now);
    }
  }
  const [reserved] = await tx.query<Reserved>(chooseAndReserveStatement(schema, ask));
  if (mirror && reserved) {
    mirror.stats.fromSql += 1;
    mirror.stale(ask.tenantId, reserved.agent_id, ask.now);
  }
  return reserved;
}

/** Frees one reservation by primary key (a HOT update); the agent's row only if still held by it. */
export function releaseReservationStatement(
  schema: string,
  reservation: Pick<AgentReservation, 'tenantId' | 'agentId' | 'reservationId'>,
): PgStatement {
  return {
    name: `${schema}_routing_release`,
    text: `update ${qualifiedTable(schema, 'routing_agent')}
              set reserved_until = null, reservation_id = null, reservation_call = null, updated_at = now()
            where tenant_id = $1 and agent_id = $2 and reservation_id = $3 returning agent_id`,
    values: [reservation.tenantId, reservation.agentId, reservation.reservationId],
  };
}

/**
 * Choose-and-reserve on its own (the benchmark and tests; the offer engine reserves inside its
 * claim transaction with the same {@link chooseAndReserve}). Two replicas never hold one agent
 * twice. A reservation in the past is free.
 */
@Injectable()
export class PostgresAgentReservations extends AgentReservations {
  private readonly schema: string;
  private readonly policy: RoutingPolicy;
  private readonly sql: PgStatements;

  constructor(
    em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
    @Inject(DISPATCH_CONFIG) config: Pick<DispatchConfig, 'routingPolicy'>,
    @Optional() @Inject(RoutingAgentMirror) private readonly mirror: RoutingAgentMirror | null = null,
  ) {
    super();
    this.schema = app.schema;
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
    const ask: ChooseAndReserve = {
      tenantId,
      requiredSkills,
      exclude: [],
      now,
      expiryCutoff: new Date(now.getTime() + this.policy.expiryMarginMinutes * 60_000),
      reservationId,
      holdUntil: new Date(now.getTime() + holdMs),
      callSid: callSid ?? null,
    };
    const row = await chooseAndReserve(this.sql, this.schema, ask, this.mirror);
    if (!row) return null;
    return { reservationId, tenantId, agentId: row.agent_id, reservedUntil: new Date(row.reserved_until) };
  }

  async release(reservation: AgentReservation): Promise<boolean> {
    const rows = await this.sql.query<{ agent_id: string }>(
      releaseReservationStatement(this.schema, reservation),
    );
    this.mirror?.released(reservation.tenantId, reservation.agentId, reservation.reservationId);
    return rows.length > 0;
  }
}
