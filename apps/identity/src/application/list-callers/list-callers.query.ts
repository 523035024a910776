import { Query } from '@nestjs/cqrs';
import type { ListCallersReply } from '@tp/contracts';

/** A page of a tenant's users as callers (a caller directory's snapshot). */
export class ListCallersQuery extends Query<ListCallersReply> {
  constructor(
    readonly tenantId: string,
    readonly after: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
