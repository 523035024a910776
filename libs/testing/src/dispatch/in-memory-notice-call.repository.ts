import { NoticeCallRepository, type NoticeCall } from '@tp/dispatch-domain';

/** Expiry notice calls in memory; one per presence event, as the store's unique index keeps it. */
export class InMemoryNoticeCallRepository extends NoticeCallRepository {
  readonly notices: NoticeCall[] = [];

  find(noticeId: string): Promise<NoticeCall | null> {
    return Promise.resolve(this.notices.find((n) => n.id === noticeId) ?? null);
  }

  save(notice: NoticeCall): Promise<void> {
    if (this.notices.some((n) => n.eventId === notice.eventId))
      return Promise.reject(new Error(`a notice for event ${notice.eventId} exists`));
    this.notices.push(notice);
    return Promise.resolve();
  }
}
