import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { insertOutboxRows, OutboxRelayService } from '@tp/platform';
import {
  AgentPresence,
  PresenceChangedConcurrently,
  PresenceRepository,
  type AgentPresenceProps,
  type SessionOrigin,
} from '@tp/timed-presence-domain';
import { presenceOutboxEntry } from '../messaging/presence-event.envelope';
import { recordSessions } from './timed-sessions.sql';

const TABLE = '"presence"."agent_presence"';

export interface PresenceRow {
  tenant_id: string;
  agent_id: string;
  state: AgentPresenceProps['state'];
  expires_at: Date | null;
  sequence: number;
  last_reason: AgentPresenceProps['lastReason'];
  changed_at: Date | null;
  expired_while_busy: boolean;
}

export const PRESENCE_COLUMNS =
  'tenant_id, agent_id, state, expires_at, sequence, last_reason, changed_at, expired_while_busy';

export function restorePresence(row: PresenceRow): AgentPresence {
  return AgentPresence.restore({
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    state: row.state,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at),
    sequence: Number(row.sequence),
    lastReason: row.last_reason,
    changedAt: row.changed_at === null ? null : new Date(row.changed_at),
    expiredWhileBusy: row.expired_while_busy,
  });
}

/**
 * Presence in PostgreSQL. A save is one transaction: the new state (only if the stored sequence is
 * still the one the aggregate was read with: optimistic concurrency), the timed session history,
 * and the events in the outbox. The relay is kicked after the commit.
 */
@Injectable()
export class MikroOrmPresenceRepository extends PresenceRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly relay: OutboxRelayService,
  ) {
    super();
  }

  async find(tenantId: string, agentId: string): Promise<AgentPresence | null> {
    const [row] = await this.em
      .fork()
      .execute<PresenceRow[]>(
        `select ${PRESENCE_COLUMNS} from ${TABLE} where tenant_id = ? and agent_id = ?`,
        [tenantId, agentId],
      );
    return row ? restorePresence(row) : null;
  }

  async save(presence: AgentPresence, origin?: SessionOrigin): Promise<void> {
    const events = presence.peekEvents();
    const expected = presence.sequence - events.length;
    const s = presence.toSnapshot();
    const values = [s.state, s.expiresAt, s.sequence, s.lastReason, s.changedAt, s.expiredWhileBusy];
    if (expected === 0 && events.length === 0) return; // an agent who never had presence, unchanged
    await this.em.fork().transactional(async (tx) => {
      const written =
        expected === 0
          ? await tx.execute<unknown[]>(
              `insert into ${TABLE} (${PRESENCE_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?)
               on conflict do nothing returning 1`,
              [s.tenantId, s.agentId, ...values],
            )
          : await tx.execute<unknown[]>(
              `update ${TABLE} set state = ?, expires_at = ?, sequence = ?, last_reason = ?, changed_at = ?,
                      expired_while_busy = ?
                where tenant_id = ? and agent_id = ? and sequence = ? returning 1`,
              [...values, s.tenantId, s.agentId, expected],
            );
      if (written.length !== 1) throw new PresenceChangedConcurrently(s.tenantId, s.agentId, expected);
      await recordSessions(tx, events, origin);
      await insertOutboxRows(tx, 'presence', events.map(presenceOutboxEntry));
    });
    presence.pullEvents();
    this.relay.kick();
  }
}
