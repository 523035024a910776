import type { EntityManager } from '@mikro-orm/postgresql';
import {
  applyIdentity,
  applyPresence,
  type IdentityChange,
  type PresenceChange,
  type RoutingAgent,
  type RoutingPresenceState,
  type RoutingUserStatus,
} from '@tp/routing-domain';
import { qualifiedTable } from '@tp/platform';

interface RoutingAgentSqlRow {
  tenant_id: string;
  agent_id: string;
  state: string;
  expires_at: Date | string | null;
  presence_sequence: number;
  skills: string[];
  skills_version: number;
  status: string;
  status_version: number;
  idle_since: Date | string | null;
  reserved_until: Date | string | null;
  reservation_id: string | null;
  reservation_call: string | null;
}

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

export function toRoutingAgent(row: RoutingAgentSqlRow): RoutingAgent {
  return {
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    state: row.state as RoutingPresenceState,
    expiresAt: date(row.expires_at),
    presenceSequence: Number(row.presence_sequence),
    skills: row.skills,
    skillsVersion: Number(row.skills_version),
    status: row.status as RoutingUserStatus,
    statusVersion: Number(row.status_version),
    idleSince: date(row.idle_since),
    reservedUntil: date(row.reserved_until),
    reservationId: row.reservation_id,
    reservationCall: row.reservation_call,
  };
}

/** A PostgreSQL `text[]` literal (every element quoted), for a `?::text[]` parameter. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

/**
 * Writes routing's read model (`routing_agent`) from presence and identity changes, inside the
 * consumer's `applyOnce` transaction: the row is created if missing, locked, the domain rule
 * (`applyPresence` / `applyIdentity`: only newer sequences / versions) decides, and the presence or
 * identity columns are written. The reservation columns are never touched here.
 */
export class RoutingAgentStore {
  private readonly table: string;

  constructor(schema: string) {
    this.table = qualifiedTable(schema, 'routing_agent');
  }

  /** Applies a presence change; false when it was not newer. */
  async applyPresence(
    tx: EntityManager,
    tenantId: string,
    agentId: string,
    change: PresenceChange,
  ): Promise<boolean> {
    const current = await this.lock(tx, tenantId, agentId);
    const next = applyPresence(current, change);
    if (!next) return false;
    await tx.execute(
      `update ${this.table} set state = ?, expires_at = ?, presence_sequence = ?, idle_since = ?, updated_at = now()
        where tenant_id = ? and agent_id = ?`,
      [next.state, next.expiresAt, next.presenceSequence, next.idleSince, tenantId, agentId],
    );
    return true;
  }

  /** Applies an identity change (skills and/or status); false when nothing in it was newer. */
  async applyIdentity(
    tx: EntityManager,
    tenantId: string,
    agentId: string,
    change: IdentityChange,
  ): Promise<boolean> {
    const current = await this.lock(tx, tenantId, agentId);
    const next = applyIdentity(current, change);
    if (!next) return false;
    await tx.execute(
      `update ${this.table} set skills = ?::text[], skills_version = ?, status = ?, status_version = ?, updated_at = now()
        where tenant_id = ? and agent_id = ?`,
      [textArrayLiteral(next.skills), next.skillsVersion, next.status, next.statusVersion, tenantId, agentId],
    );
    return true;
  }

  async find(em: EntityManager, tenantId: string, agentId: string): Promise<RoutingAgent | null> {
    const rows = await em.execute<RoutingAgentSqlRow[]>(
      `select * from ${this.table} where tenant_id = ? and agent_id = ?`,
      [tenantId, agentId],
    );
    return rows[0] ? toRoutingAgent(rows[0]) : null;
  }

  async list(em: EntityManager, tenantId: string): Promise<RoutingAgent[]> {
    const rows = await em.execute<RoutingAgentSqlRow[]>(
      `select * from ${this.table} where tenant_id = ? order by agent_id`,
      [tenantId],
    );
    return rows.map(toRoutingAgent);
  }

  private async lock(tx: EntityManager, tenantId: string, agentId: string): Promise<RoutingAgent> {
    await tx.execute(
      `insert into ${this.table} (tenant_id, agent_id, state, expires_at, presence_sequence, skills, skills_version,
         status, status_version, idle_since, reserved_until, reservation_id, reservation_call, updated_at)
       values (?, ?, 'offline', null, 0, '{}', 0, 'active', 0, null, null, null, null, now())
       on conflict (tenant_id, agent_id) do nothing`,
      [tenantId, agentId],
    );
    const rows = await tx.execute<RoutingAgentSqlRow[]>(
      `select * from ${this.table} where tenant_id = ? and agent_id = ? for update`,
      [tenantId, agentId],
    );
    return toRoutingAgent(rows[0]);
  }
}
