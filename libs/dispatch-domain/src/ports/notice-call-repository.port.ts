import type { NoticeCall, NoticeCallOutcome } from '../expiry-notice';

/**
 * Expiry notice calls. A notice is stored, `placing`, before its call is placed, so that the call's
 * answer (Twilio fetching the notice's URL) always finds it, then settled as placed or failed.
 */
export abstract class NoticeCallRepository {
  abstract find(noticeId: string): Promise<NoticeCall | null>;

  /**
   * Stores the notice at once (visible to every replica when this resolves) and answers what is
   * stored for its event: the notice itself; or, for an event whose notice is already stored, that
   * one (an earlier attempt: still `placing` if it was cut short, its id kept).
   */
  abstract save(notice: NoticeCall): Promise<NoticeCall>;

  /** The notice's call was placed (its CallSid) or refused (why). */
  abstract settle(
    noticeId: string,
    outcome: Exclude<NoticeCallOutcome, 'placing'>,
    callSid: string | null,
    failure: string | null,
  ): Promise<void>;

  /** Forgets a notice still `placing` whose call could not be placed (its event will come again). */
  abstract discard(noticeId: string): Promise<void>;
}
