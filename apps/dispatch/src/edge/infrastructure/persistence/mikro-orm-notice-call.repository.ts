import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_INFO, PgStatements, qualifiedTable, type AppInfo } from '@tp/platform';
import type { SpeechStep } from '@tp/contracts';
import {
  NoticeCallRepository,
  type NoticeCall,
  type NoticeCallOutcome,
  type TwilioAccountOwner,
} from '@tp/dispatch-domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface NoticeRow {
  id: string;
  tenant_id: string;
  agent_id: string;
  event_id: string;
  mapping_id: string;
  twilio_account: string;
  from_number: string;
  to_number: string;
  steps: unknown;
  outcome: string;
  call_sid: string | null;
  failure: string | null;
  created_at: Date | string;
}

/**
 * Expiry notice calls in PostgreSQL. Written outside the consumer's transaction, each statement
 * committed on its own: a notice must be readable by whichever replica Twilio's fetch of the
 * notice URL reaches as soon as the call is placed, before the consumer commits its inbox row.
 */
@Injectable()
export class MikroOrmNoticeCallRepository extends NoticeCallRepository {
  private readonly table: string;
  private readonly sql: PgStatements;

  constructor(
    private readonly em: EntityManager,
    @Inject(APP_INFO) private readonly app: AppInfo,
  ) {
    super();
    this.table = qualifiedTable(app.schema, 'notice_call');
    this.sql = new PgStatements(em);
  }

  async find(noticeId: string): Promise<NoticeCall | null> {
    if (!UUID.test(noticeId)) return null;
    const [row] = await this.sql.query<NoticeRow>({
      name: `${this.app.schema}_notice_find`,
      text: `select * from ${this.table} where id = $1`,
      values: [noticeId],
    });
    return row ? fromRow(row) : null;
  }

  async save(notice: NoticeCall): Promise<NoticeCall> {
    const [inserted] = await this.sql.query<NoticeRow>({
      name: `${this.app.schema}_notice_save`,
      text: `insert into ${this.table} (id, tenant_id, agent_id, event_id, mapping_id, twilio_account, from_number,
               to_number, steps, outcome, call_sid, failure, created_at)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13)
             on conflict (event_id) do nothing returning *`,
      values: [
        notice.id,
        notice.tenantId,
        notice.agentId,
        notice.eventId,
        notice.mappingId,
        notice.twilioAccount,
        notice.from,
        notice.to,
        JSON.stringify(notice.steps),
        notice.outcome,
        notice.callSid,
        notice.failure,
        notice.createdAt,
      ],
    });
    if (inserted) return fromRow(inserted);
    const [stored] = await this.sql.query<NoticeRow>({
      name: `${this.app.schema}_notice_by_event`,
      text: `select * from ${this.table} where event_id = $1`,
      values: [notice.eventId],
    });
    if (!stored) throw new Error(`the notice of event ${notice.eventId} was neither stored nor found`);
    return fromRow(stored);
  }

  async settle(
    noticeId: string,
    outcome: Exclude<NoticeCallOutcome, 'placing'>,
    callSid: string | null,
    failure: string | null,
  ): Promise<void> {
    await this.sql.query({
      name: `${this.app.schema}_notice_settle`,
      text: `update ${this.table} set outcome = $2, call_sid = $3, failure = $4 where id = $1`,
      values: [noticeId, outcome, callSid, failure],
    });
  }

  async discard(noticeId: string): Promise<void> {
    await this.sql.query({
      name: `${this.app.schema}_notice_discard`,
      text: `delete from ${this.table} where id = $1 and outcome = 'placing'`,
      values: [noticeId],
    });
  }
}

function fromRow(row: NoticeRow): NoticeCall {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    agentId: row.agent_id,
    eventId: row.event_id,
    mappingId: row.mapping_id,
    twilioAccount: row.twilio_account as TwilioAccountOwner,
    from: row.from_number,
    to: row.to_number,
    steps: row.steps as SpeechStep[],
    outcome: row.outcome as NoticeCallOutcome,
    callSid: row.call_sid,
    failure: row.failure,
    createdAt: new Date(row.created_at),
  };
}
