import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  CallLog,
  isTerminalCallStatus,
  NO_SEQUENCE,
  TERMINAL_CALL_STATUSES,
  type CallDirection,
  type CallProgress,
  type CallRecord,
  type CallStatus,
  type TwilioAccountOwner,
} from '@tp/dispatch-domain';
import { APP_INFO, PgStatements, qualifiedTable, type AppInfo } from '@tp/platform';

const COLUMNS = `call_sid, tenant_id, mapping_id, twilio_account, direction, from_number, to_number, session_id,
  status, status_sequence, created_at, updated_at`;
/** At most this many calls of this replica are kept in memory. */
const RECENT_CALLS = 10_000;

interface CallRow {
  call_sid: string;
  tenant_id: string;
  mapping_id: string | null;
  twilio_account: string;
  direction: string;
  from_number: string;
  to_number: string;
  session_id: string | null;
  status: string;
  status_sequence: number;
  created_at: string | Date;
  updated_at: string | Date;
}

/**
 * Calls by CallSid in PostgreSQL. A status report is applied by one conditional UPDATE (the rule of
 * `applyCallStatus`: not after a terminal state, only a newer sequence), so concurrent callbacks of
 * one call cannot overtake each other. Finding and recording a call are on the path of every
 * webhook: prepared statements (see {@link PgStatements}). A call this replica recorded is found
 * in memory (the row as the insert returned it) until it ends: the next webhooks of a call usually
 * come back to the replica that answered it, and what they read of it (tenant, account, numbers,
 * session) never changes once written; its progress may lag, which only `applyStatus` answers.
 */
@Injectable()
export class MikroOrmCallLog extends CallLog {
  private readonly table: string;
  private readonly sql: PgStatements;
  private readonly bySid: { name: string; text: string };
  private readonly insert: { name: string; text: string };
  /** Calls recorded here and not ended, by CallSid; the oldest go first past {@link RECENT_CALLS}. */
  private readonly recent = new Map<string, CallRecord>();

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
  ) {
    super();
    this.table = qualifiedTable(app.schema, 'call');
    this.sql = new PgStatements(em);
    this.bySid = {
      name: `${app.schema}_call_by_sid`,
      text: `select ${COLUMNS} from ${this.table} where call_sid = $1`,
    };
    this.insert = {
      name: `${app.schema}_call_record`,
      text: `insert into ${this.table} (call_sid, tenant_id, mapping_id, twilio_account, direction, from_number, to_number,
               session_id, status, status_sequence, created_at, updated_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             on conflict (call_sid) do update set session_id = coalesce(${this.table}.session_id, excluded.session_id)
             returning ${COLUMNS}`,
    };
  }

  async find(callSid: string): Promise<CallRecord | null> {
    const recent = this.recent.get(callSid);
    if (recent !== undefined) return recent;
    const [row] = await this.sql.query<CallRow>({ ...this.bySid, values: [callSid] });
    return row ? toCall(row) : null;
  }

  async record(call: CallRecord): Promise<void> {
    const [row] = await this.sql.query<CallRow>({
      ...this.insert,
      values: [
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
    });
    if (row === undefined) return;
    this.recent.set(call.callSid, toCall(row));
    if (this.recent.size > RECENT_CALLS) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
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
    if (row && isTerminalCallStatus(row.status as CallStatus)) this.recent.delete(callSid);
    return row ? { status: row.status as CallStatus, sequence: row.status_sequence } : null;
  }
}

function toCall(row: CallRow): CallRecord {
  return {
    callSid: row.call_sid,
    tenantId: row.tenant_id,
    mappingId: row.mapping_id,
    twilioAccount: row.twilio_account as TwilioAccountOwner,
    direction: row.direction as CallDirection,
    from: row.from_number,
    to: row.to_number,
    sessionId: row.session_id,
    progress: { status: row.status as CallStatus, sequence: Number(row.status_sequence) },
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
