import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { APOLOGY, type CallAnswer } from '../../../common/call-answer';
import { PlayExpiryNoticeQuery } from './play-expiry-notice.query';

/** The notice's steps, stored when the call was placed, then a hang-up; no dependency is asked. */
@QueryHandler(PlayExpiryNoticeQuery)
export class PlayExpiryNoticeHandler implements IQueryHandler<PlayExpiryNoticeQuery> {
  execute({ origin }: PlayExpiryNoticeQuery): Promise<CallAnswer> {
    const notice = origin.notice;
    if (notice === null) return Promise.resolve(APOLOGY);
    return Promise.resolve({ outcome: 'ok', steps: [...notice.steps, { type: 'hangup' }], turn: null });
  }
}
