import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SessionRecordView } from '@tp/timed-presence-domain';
import { SessionRecords, type SessionFilter, type SessionKey } from './session-records.port';

/** Every session of the filter, newest first, for a download. */
export class ExportSessionsQuery {
  constructor(readonly filter: SessionFilter) {}
}

/** Answers the sessions as they are read, a page of 2000 at a time (never all in memory). */
@QueryHandler(ExportSessionsQuery)
export class ExportSessionsHandler implements IQueryHandler<
  ExportSessionsQuery,
  AsyncIterable<SessionRecordView>
> {
  constructor(private readonly records: SessionRecords) {}

  execute({ filter }: ExportSessionsQuery): Promise<AsyncIterable<SessionRecordView>> {
    return Promise.resolve(allSessions(this.records, filter));
  }
}

export async function* allSessions(
  records: SessionRecords,
  filter: SessionFilter,
  pageSize = 2000,
): AsyncGenerator<SessionRecordView> {
  let after: SessionKey | null = null;
  do {
    const page = await records.page(filter, pageSize, after);
    yield* page.items;
    after = page.next;
  } while (after !== null);
}
