import type { NoticeCall } from '../expiry-notice';

/** Expiry notice calls, placed or failed. */
export abstract class NoticeCallRepository {
  abstract find(noticeId: string): Promise<NoticeCall | null>;
  abstract save(notice: NoticeCall): Promise<void>;
}
