import type { SessionFilter, SessionKey } from './session-records.port';

/** One page of session records, newest first. */
export class ListSessionsQuery {
  constructor(
    readonly filter: SessionFilter,
    readonly limit: number,
    readonly after: SessionKey | null,
  ) {}
}
