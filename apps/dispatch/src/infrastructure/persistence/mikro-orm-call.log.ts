import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  CallLog,
  NO_SEQUENCE,
  TERMINAL_CALL_STATUSES,
  type CallDirection,
  type CallProgress,
  type CallRecord,
  type CallStatus,
  type TwilioAccountOwner,
} from '@tp/dispatch-domain';
import { APP_INFO, qualifiedTable, type AppInfo } from '@tp/platform';
import { CallRecordRow } from './call.record';

/**
 * Calls by CallSid in PostgreSQL. A status report is applied by one conditional UPDATE (the rule of
 * `applyCallStatus`: not after a terminal state, only a newer sequence), so concurrent callbacks of
 * one call cannot overtake each other.
 */
@Injectable()
export class MikroOrmCallLog extends CallLog {
  private readonly table: string;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
  ) {
    super();
    this.table = qualifiedTable(app.schema, 'call');
  }

  async find(callSid: string): Promise<CallRecord | null> {
    const row = await this.em.findOne(CallRecordRow, { callSid }, { disableIdentityMap: true });
    return row ? toCall(row) : null;
  }

  async record(call: CallRecord): Promise<void> {
    await this.em.execute(
      `insert into ${this.table} (call_sid, tenant_id, mapping_id, twilio_account, direction, from_number, to_number,
         session_id, status, status_sequence, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (call_sid) do update set session_id = coalesce(${this.table}.session_id, excluded.session_id)`,
      [
        call.callSid,
        call.tenantId,
        call.mappingId,
        call.twilioAccount,
        call.direction,
        call.from,
        call.to,
        call.sessionId,
        call.progress.status,
        call.progress.sequence,
        call.createdAt,
        call.updatedAt,
      ],
    );
  }

  async applyStatus(callSid: string, report: CallProgress, now: Date): Promise<CallProgress | null> {
    const terminal = TERMINAL_CALL_STATUSES.map(() => '?').join(', ');
    const newer =
      report.sequence === NO_SEQUENCE ? `status_sequence = ${NO_SEQUENCE}` : 'status_sequence < ?';
    await this.em.execute(
      `update ${this.table} set status = ?, status_sequence = ?, updated_at = ?
        where call_sid = ? and status not in (${terminal}) and ${newer}`,
      [
        report.status,
        report.sequence,
        now,
        callSid,
        ...TERMINAL_CALL_STATUSES,
        ...(report.sequence === NO_SEQUENCE ? [] : [report.sequence]),
      ],
    );
    const rows = await this.em.execute<{ status: string; status_sequence: number }[]>(
      `select status, status_sequence from ${this.table} where call_sid = ?`,
      [callSid],
    );
    const row = rows[0];
    return row ? { status: row.status as CallStatus, sequence: row.status_sequence } : null;
  }
}

function toCall(row: CallRecordRow): CallRecord {
  return {
    callSid: row.callSid,
    tenantId: row.tenantId,
    mappingId: row.mappingId,
    twilioAccount: row.twilioAccount as TwilioAccountOwner,
    direction: row.direction as CallDirection,
    from: row.fromNumber,
    to: row.toNumber,
    sessionId: row.sessionId,
    progress: { status: row.status as CallStatus, sequence: row.statusSequence },
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
