export interface ListUsersFilter {
  /** 1..200. */
  limit: number;
  /** Opaque: the `nextCursor` of the previous page. */
  cursor?: string;
  skill?: string;
  /** A phone number as typed; normalised to E.164 before matching. */
  number?: string;
}

export class ListUsersQuery {
  constructor(
    readonly tenantId: string,
    readonly filter: ListUsersFilter,
  ) {}
}
