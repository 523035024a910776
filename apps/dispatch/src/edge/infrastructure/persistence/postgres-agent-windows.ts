import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_INFO, PgStatements, qualifiedTable, type AppInfo } from '@tp/platform';
import { AgentWindows, type AgentWindow, type WindowChange } from '../../application/ports/sms.ports';

interface WindowRow {
  tenant_id: string;
  agent_id: string;
  sequence: number;
  expires_at: Date | string | null;
  last_expires_at: Date | string | null;
  reminder_due_at: Date | string | null;
}

const date = (value: Date | string | null) => (value === null ? null : new Date(value));

function fromRow(row: WindowRow): AgentWindow {
  return {
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    sequence: Number(row.sequence),
    expiresAt: date(row.expires_at),
    lastExpiresAt: date(row.last_expires_at),
    reminderDueAt: date(row.reminder_due_at),
  };
}

/**
 * Agents' windows in `dispatch.sms_window`, one row per agent, changed only by a newer sequence.
 * Setting a reminder's due time fires the trigger that wakes the reminder scheduler; claiming
 * due reminders clears it with `for update skip locked`, so two replicas never take the same one.
 */
@Injectable()
export class PostgresAgentWindows extends AgentWindows {
  private readonly table: string;
  private readonly sql: PgStatements;

  constructor(
    em: EntityManager,
    @Inject(APP_INFO) private readonly app: AppInfo,
  ) {
    super();
    this.table = qualifiedTable(app.schema, 'sms_window');
    this.sql = new PgStatements(em);
  }

  async apply(change: WindowChange): Promise<AgentWindow | null> {
    const expires = change.expiresAt?.toISOString() ?? null;
    const due = change.reminderDueAt?.toISOString() ?? null;
    const [row] = await this.sql.query<WindowRow>({
      name: `${this.app.schema}_sms_window_apply`,
      text: `insert into ${this.table} as w (tenant_id, agent_id, sequence, expires_at, last_expires_at, reminder_due_at)
             values ($1, $2, $3, $4::timestamptz, $4::timestamptz, $5::timestamptz)
             on conflict (tenant_id, agent_id) do update set
               sequence = excluded.sequence,
               expires_at = excluded.expires_at,
               last_expires_at = coalesce(excluded.expires_at, w.last_expires_at),
               reminder_due_at = case
                 when excluded.expires_at is null then null
                 when w.expires_at is not distinct from excluded.expires_at then w.reminder_due_at
                 else excluded.reminder_due_at end
             where w.sequence < excluded.sequence
             returning *`,
      values: [change.tenantId, change.agentId, change.sequence, expires, due],
    });
    return row ? fromRow(row) : null;
  }

  async find(tenantId: string, agentId: string): Promise<AgentWindow | null> {
    const [row] = await this.sql.query<WindowRow>({
      name: `${this.app.schema}_sms_window_find`,
      text: `select * from ${this.table} where tenant_id = $1 and agent_id = $2`,
      values: [tenantId, agentId],
    });
    return row ? fromRow(row) : null;
  }

  async nextDue(): Promise<Date | null> {
    const [row] = await this.sql.query<{ due: Date | string | null }>({
      name: `${this.app.schema}_sms_window_next`,
      text: `select min(reminder_due_at) as due from ${this.table} where reminder_due_at is not null`,
      values: [],
    });
    // Rounded up to the millisecond: waking a fraction early would find nothing due.
    return row?.due ? new Date(new Date(row.due).getTime() + 1) : null;
  }

  async claimDue(now: Date, limit: number): Promise<AgentWindow[]> {
    const rows = await this.sql.query<WindowRow>({
      name: `${this.app.schema}_sms_window_claim`,
      text: `update ${this.table} w set reminder_due_at = null
             from (select tenant_id, agent_id from ${this.table}
                    where reminder_due_at is not null and reminder_due_at <= $1
                    order by reminder_due_at limit $2 for update skip locked) due
             where w.tenant_id = due.tenant_id and w.agent_id = due.agent_id
             returning w.*`,
      values: [now.toISOString(), limit],
    });
    return rows.map(fromRow);
  }
}
