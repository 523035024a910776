import { NoticeCallRepository, type NoticeCall, type NoticeCallOutcome } from '@tp/dispatch-domain';

/** Expiry notices in memory, with the PostgreSQL adapter's rules (one notice per event). */
export class InMemoryNoticeCallRepository extends NoticeCallRepository {
  readonly notices: NoticeCall[] = [];

  find(noticeId: string): Promise<NoticeCall | null> {
    return Promise.resolve(this.notices.find((n) => n.id === noticeId) ?? null);
  }

  save(notice: NoticeCall): Promise<NoticeCall> {
    const stored = this.notices.find((n) => n.eventId === notice.eventId);
    if (stored) return Promise.resolve(stored);
    this.notices.push(notice);
    return Promise.resolve(notice);
  }

  settle(
    noticeId: string,
    outcome: Exclude<NoticeCallOutcome, 'placing'>,
    callSid: string | null,
    failure: string | null,
  ): Promise<void> {
    const at = this.notices.findIndex((n) => n.id === noticeId);
    if (at >= 0) this.notices[at] = { ...this.notices[at], outcome, callSid, failure };
    return Promise.resolve();
  }

  discard(noticeId: string): Promise<void> {
    const at = this.notices.findIndex((n) => n.id === noticeId && n.outcome === 'placing');
    if (at >= 0) this.notices.splice(at, 1);
    return Promise.resolve();
  }
}
