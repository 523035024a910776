import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SessionRecordView } from '@tp/timed-presence-domain';
import { encodeSessionCursor } from './session-cursor';
import { ListSessionsQuery } from './list-sessions.query';
import { SessionRecords } from './session-records.port';

export interface SessionsPageView {
  items: Omit<SessionRecordView, 'tenantId'>[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

@QueryHandler(ListSessionsQuery)
export class ListSessionsHandler implements IQueryHandler<ListSessionsQuery, SessionsPageView> {
  constructor(private readonly records: SessionRecords) {}

  async execute({ filter, limit, after }: ListSessionsQuery): Promise<SessionsPageView> {
    const page = await this.records.page(filter, limit, after);
    return {
      items: page.items.map(({ tenantId: _tenant, ...rest }) => rest),
      nextCursor: page.next === null ? null : encodeSessionCursor(page.next),
    };
  }
}
