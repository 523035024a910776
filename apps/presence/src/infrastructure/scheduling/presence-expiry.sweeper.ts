import { EntityManager } from '@mikro-orm/postgresql';
import type { PresenceEvent } from '@tp/timed-presence-domain';
import { executeBound, insertOutboxRows } from '@tp/platform';
import { presenceOutboxEntry } from '../messaging/presence-event.envelope';
import {
  PRESENCE_COLUMNS,
  restorePresence,
  type PresenceRow,
} from '../persistence/mikro-orm-presence.repository';
import { BREAK_PREDICATE, DUE_PREDICATE } from '../persistence/agent-presence.record';
import { endSessions } from '../persistence/timed-sessions.sql';

const TABLE = '"presence"."agent_presence"';

export interface SweepResult {
  /** Agents set offline (`expired`), after a break or not. */
  expired: number;
  /** Agents whose break ended: online again until their expiry. */
  breaksEnded: number;
  /** Busy agents whose hours ran out: offline when their call ends. */
  deferred: number;
  /** Rows claimed (a full batch means more may be due). */
  claimed: number;
}

/**
 * Claims due agents (hours run out, or a break over) in batches and applies the domain's expiry or
 * break-end rule to each, in one short
 * transaction per batch: `FOR UPDATE SKIP LOCKED` gives concurrent replicas disjoint rows; the new
 * states, the ended sessions and the `agent-went-offline` events (outbox) commit together, so a
 * crash at any point leaves each agent either untouched (claimed again later) or fully expired.
 */
export class PresenceExpirySweeper {
  constructor(
    private readonly em: EntityManager,
    private readonly batchSize = 1000,
  ) {}

  /**
   * One batch of agents due at `now`. `lateBy` hears, for each agent set offline, how many seconds
   * after their expiry that happened (called once the batch has committed).
   */
  async sweepOnce(now: Date, lateBy?: (seconds: number) => void): Promise<SweepResult> {
    const lateness: number[] = [];
    const result = await this.sweepBatch(now, lateness);
    if (lateBy) for (const seconds of lateness) lateBy(seconds);
    return result;
  }

  private async sweepBatch(now: Date, lateness: number[]): Promise<SweepResult> {
    return this.em.fork().transactional(async (tx) => {
      // Due expiries, then due break ends in what is left of the batch: each walks its own partial
      // index in due order and stops at the batch (an OR of both would read every due row per batch).
      const rows = await tx.execute<PresenceRow[]>(
        `select ${PRESENCE_COLUMNS} from ${TABLE}
          where expires_at <= ? and ${DUE_PREDICATE}
          order by expires_at
          limit ? for update skip locked`,
        [now, this.batchSize],
      );
      if (rows.length < this.batchSize)
        rows.push(
          ...(await tx.execute<PresenceRow[]>(
            `select ${PRESENCE_COLUMNS} from ${TABLE}
              where break_ends_at <= ? and ${BREAK_PREDICATE}
              order by break_ends_at
              limit ? for update skip locked`,
            [now, this.batchSize - rows.length],
          )),
        );
      if (rows.length === 0) return { expired: 0, breaksEnded: 0, deferred: 0, claimed: 0 };
      const changed: Record<string, unknown>[] = [];
      const events: PresenceEvent[] = [];
      let deferred = 0;
      let breaksEnded = 0;
      for (const row of rows) {
        const presence = restorePresence(row);
        if (presence.state === 'on-break') {
          if (presence.endBreakIfDue(now) === 'break-ended') breaksEnded += 1;
        } else {
          const outcome = presence.expireIfDue(now);
          if (outcome === 'expires-when-call-ends') deferred += 1;
          else if (outcome === 'expired' && row.expires_at !== null)
            lateness.push(Math.max(0, now.getTime() - new Date(row.expires_at).getTime()) / 1000);
        }
        const s = presence.toSnapshot();
        changed.push({
          tenant_id: s.tenantId,
          agent_id: s.agentId,
          state: s.state,
          expires_at: s.expiresAt,
          sequence: s.sequence,
          last_reason: s.lastReason,
          changed_at: s.changedAt,
          expired_while_busy: s.expiredWhileBusy,
          break_ends_at: s.breakEndsAt,
        });
        events.push(...presence.pullEvents());
      }
      await executeBound(
        tx,
        `update ${TABLE} p
            set state = v.state, expires_at = v.expires_at, sequence = v.sequence, last_reason = v.last_reason,
                changed_at = v.changed_at, expired_while_busy = v.expired_while_busy, break_ends_at = v.break_ends_at
           from jsonb_to_recordset(?::jsonb) as v(tenant_id text, agent_id text, state text, expires_at timestamptz,
                sequence int, last_reason text, changed_at timestamptz, expired_while_busy boolean,
                break_ends_at timestamptz)
          where p.tenant_id = v.tenant_id and p.agent_id = v.agent_id`,
        [JSON.stringify(changed)],
      );
      await endSessions(
        tx,
        events.flatMap((e) =>
          e.type !== 'agent-went-offline'
            ? []
            : [
                {
                  tenant_id: e.tenantId,
                  agent_id: e.agentId,
                  at: e.occurredAt,
                  reason: e.reason,
                },
              ],
        ),
      );
      await insertOutboxRows(tx, 'presence', events.map(presenceOutboxEntry));
      return { expired: events.length - breaksEnded, breaksEnded, deferred, claimed: rows.length };
    });
  }

  /** Batches until nothing is due at `now` (a replica catching up after downtime does this at once). */
  async sweepAll(now: Date): Promise<SweepResult> {
    const total: SweepResult = { expired: 0, breaksEnded: 0, deferred: 0, claimed: 0 };
    for (;;) {
      const result = await this.sweepOnce(now);
      total.expired += result.expired;
      total.breaksEnded += result.breaksEnded;
      total.deferred += result.deferred;
      total.claimed += result.claimed;
      if (result.claimed < this.batchSize) return total;
    }
  }
}
