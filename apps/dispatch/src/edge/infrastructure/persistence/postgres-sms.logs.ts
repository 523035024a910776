import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { SmsKind } from '@tp/dispatch-domain';
import {
  APP_INFO,
  NotifiedCache,
  PgStatements,
  qualifiedTable,
  RowChanges,
  type AppInfo,
} from '@tp/platform';
import {
  ReceivedSmsLog,
  SentSmsLog,
  SmsOptOuts,
  SmsSettingsRepository,
  type SentSms,
  type SmsSettings,
} from '../../application/ports/sms.ports';

/** Named statements on the app's schema (names per app, so prepared statements never clash). */
class SmsSql {
  private readonly sql: PgStatements;
  constructor(
    em: EntityManager,
    private readonly app: AppInfo,
  ) {
    this.sql = new PgStatements(em);
  }
  t(name: string): string {
    return qualifiedTable(this.app.schema, name);
  }
  run<R = unknown>(statement: string, text: string, values: unknown[]): Promise<R[]> {
    return this.sql.query<R>({ name: `${this.app.schema}_${statement}`, text, values });
  }
}

interface SettingsRow {
  tenant_id: string;
  enabled: boolean;
  reminder_minutes: number;
  sender_number: string | null;
  updated_at: Date | string;
}

/** `dispatch.sms_settings`: one row per tenant that set its SMS settings. */
@Injectable()
export class PostgresSmsSettings extends SmsSettingsRepository {
  private readonly tables: SmsSql;
  /** Read on every presence event (ADR 28), kept until a committed change notifies (ADR 30). */
  private readonly byTenant: NotifiedCache<SmsSettings | null>;

  constructor(em: EntityManager, @Inject(APP_INFO) app: AppInfo, changes: RowChanges) {
    super();
    this.tables = new SmsSql(em, app);
    this.byTenant = changes.cache('sms_settings');
  }

  find(tenantId: string): Promise<SmsSettings | null> {
    return this.byTenant.get(tenantId, async () => {
      const [row] = await this.tables.run<SettingsRow>(
        'sms_settings_find',
        `select * from ${this.tables.t('sms_settings')} where tenant_id = $1`,
        [tenantId],
      );
      if (!row) return null;
      return {
        tenantId: row.tenant_id,
        enabled: row.enabled,
        reminderMinutes: Number(row.reminder_minutes),
        senderNumber: row.sender_number,
        updatedAt: new Date(row.updated_at),
      };
    });
  }

  async save(s: SmsSettings): Promise<void> {
    await this.tables.run(
      'sms_settings_save',
      `insert into ${this.tables.t('sms_settings')} (tenant_id, enabled, reminder_minutes, sender_number, updated_at)
       values ($1, $2, $3, $4, $5)
       on conflict (tenant_id) do update set enabled = excluded.enabled, reminder_minutes = excluded.reminder_minutes,
         sender_number = excluded.sender_number, updated_at = excluded.updated_at`,
      [s.tenantId, s.enabled, s.reminderMinutes, s.senderNumber, s.updatedAt.toISOString()],
    );
    this.byTenant.forget(s.tenantId);
  }
}

interface MessageRow {
  id: string;
  tenant_id: string;
  agent_id: string;
  kind: string;
  event_id: string | null;
  from_number: string;
  to_number: string;
  body: string;
  window_end: Date | string | null;
  message_sid: string | null;
  outcome: string;
  created_at: Date | string;
}

function message(row: MessageRow): SentSms {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    kind: row.kind as SmsKind,
    eventId: row.event_id,
    from: row.from_number,
    to: row.to_number,
    body: row.body,
    windowEnd: row.window_end === null ? null : new Date(row.window_end),
    messageSid: row.message_sid,
    outcome: row.outcome as SentSms['outcome'],
    createdAt: new Date(row.created_at),
  };
}

/** `dispatch.sms_message`: every SMS sent to an agent, or not sent and why. */
@Injectable()
export class PostgresSentSmsLog extends SentSmsLog {
  private readonly tables: SmsSql;
  constructor(em: EntityManager, @Inject(APP_INFO) app: AppInfo) {
    super();
    this.tables = new SmsSql(em, app);
  }

  async record(m: SentSms): Promise<void> {
    await this.tables.run(
      'sms_message_record',
      `insert into ${this.tables.t('sms_message')} (id, tenant_id, agent_id, kind, event_id, from_number, to_number,
         body, window_end, message_sid, outcome, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict do nothing`,
      [
        m.id,
        m.tenantId,
        m.agentId,
        m.kind,
        m.eventId,
        m.from,
        m.to,
        m.body,
        m.windowEnd?.toISOString() ?? null,
        m.messageSid,
        m.outcome,
        m.createdAt.toISOString(),
      ],
    );
  }

  async findByEvent(eventId: string): Promise<SentSms | null> {
    const [row] = await this.tables.run<MessageRow>(
      'sms_message_by_event',
      `select * from ${this.tables.t('sms_message')} where event_id = $1`,
      [eventId],
    );
    return row ? message(row) : null;
  }

  async lastSent(tenantId: string, agentId: string, since: Date): Promise<SentSms | null> {
    const [row] = await this.tables.run<MessageRow>(
      'sms_message_last',
      `select * from ${this.tables.t('sms_message')}
        where tenant_id = $1 and agent_id = $2 and outcome = 'sent' and created_at >= $3
        order by created_at desc limit 1`,
      [tenantId, agentId, since.toISOString()],
    );
    return row ? message(row) : null;
  }
}

/** `dispatch.sms_received`: MessageSids seen, with the answer given. */
@Injectable()
export class PostgresReceivedSmsLog extends ReceivedSmsLog {
  private readonly tables: SmsSql;
  constructor(em: EntityManager, @Inject(APP_INFO) app: AppInfo) {
    super();
    this.tables = new SmsSql(em, app);
  }

  async claim(messageSid: string, tenantId: string, at: Date) {
    const table = this.tables.t('sms_received');
    const inserted = await this.tables.run(
      'sms_received_claim',
      `insert into ${table} (message_sid, tenant_id, received_at) values ($1, $2, $3)
       on conflict do nothing returning message_sid`,
      [messageSid, tenantId, at.toISOString()],
    );
    if (inserted.length > 0) return { first: true as const };
    const [row] = await this.tables.run<{ answer: string | null }>(
      'sms_received_answer',
      `select answer from ${table} where message_sid = $1`,
      [messageSid],
    );
    return { first: false as const, answer: row?.answer ?? null };
  }

  async settle(messageSid: string, answer: string | null): Promise<void> {
    await this.tables.run(
      'sms_received_settle',
      `update ${this.tables.t('sms_received')} set answer = $2, settled = true where message_sid = $1`,
      [messageSid, answer],
    );
  }

  async release(messageSid: string): Promise<void> {
    await this.tables.run(
      'sms_received_release',
      `delete from ${this.tables.t('sms_received')} where message_sid = $1 and not settled`,
      [messageSid],
    );
  }
}

/** `dispatch.sms_opt_out`: numbers that sent STOP, per tenant. */
@Injectable()
export class PostgresSmsOptOuts extends SmsOptOuts {
  private readonly tables: SmsSql;
  constructor(em: EntityManager, @Inject(APP_INFO) app: AppInfo) {
    super();
    this.tables = new SmsSql(em, app);
  }

  async isOptedOut(tenantId: string, phoneNumber: string): Promise<boolean> {
    const rows = await this.tables.run(
      'sms_opt_out_find',
      `select 1 from ${this.tables.t('sms_opt_out')} where tenant_id = $1 and phone_number = $2`,
      [tenantId, phoneNumber],
    );
    return rows.length > 0;
  }

  async optOut(tenantId: string, phoneNumber: string, at: Date): Promise<void> {
    await this.tables.run(
      'sms_opt_out_add',
      `insert into ${this.tables.t('sms_opt_out')} (tenant_id, phone_number, opted_out_at) values ($1, $2, $3)
       on conflict do nothing`,
      [tenantId, phoneNumber, at.toISOString()],
    );
  }

  async optIn(tenantId: string, phoneNumber: string): Promise<void> {
    await this.tables.run(
      'sms_opt_out_remove',
      `delete from ${this.tables.t('sms_opt_out')} where tenant_id = $1 and phone_number = $2`,
      [tenantId, phoneNumber],
    );
  }
}
