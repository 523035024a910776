import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { SpeechStep } from '@tp/contracts';
import {
  NoticeCallRepository,
  type NoticeCall,
  type NoticeCallOutcome,
  type TwilioAccountOwner,
} from '@tp/dispatch-domain';
import { NoticeCallRecord } from './notice-call.record';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Expiry notice calls in PostgreSQL; written in the consumer's transaction (with its inbox row). */
@Injectable()
export class MikroOrmNoticeCallRepository extends NoticeCallRepository {
  constructor(private readonly em: EntityManager) {
    super();
  }

  async find(noticeId: string): Promise<NoticeCall | null> {
    if (!UUID.test(noticeId)) return null;
    const record = await this.em.findOne(NoticeCallRecord, { id: noticeId }, { disableIdentityMap: true });
    return record ? toNotice(record) : null;
  }

  async save(notice: NoticeCall): Promise<void> {
    await this.em.insert(NoticeCallRecord, {
      id: notice.id,
      tenantId: notice.tenantId,
      agentId: notice.agentId,
      eventId: notice.eventId,
      mappingId: notice.mappingId,
      twilioAccount: notice.twilioAccount,
      fromNumber: notice.from,
      toNumber: notice.to,
      steps: notice.steps,
      outcome: notice.outcome,
      callSid: notice.callSid,
      failure: notice.failure,
      createdAt: notice.createdAt,
    });
  }
}

function toNotice(record: NoticeCallRecord): NoticeCall {
  return {
    id: record.id,
    tenantId: record.tenantId,
    agentId: record.agentId,
    eventId: record.eventId,
    mappingId: record.mappingId,
    twilioAccount: record.twilioAccount as TwilioAccountOwner,
    from: record.fromNumber,
    to: record.toNumber,
    steps: record.steps as SpeechStep[],
    outcome: record.outcome as NoticeCallOutcome,
    callSid: record.callSid,
    failure: record.failure,
    createdAt: record.createdAt,
  };
}
