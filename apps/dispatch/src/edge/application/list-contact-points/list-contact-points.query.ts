import { Query } from '@nestjs/cqrs';
import type { ContactPointListView } from '../contact-points/contact-point.view';

/** The assignments, by number; one tenant's when `tenantId` is given. */
export class ListContactPointsQuery extends Query<ContactPointListView> {
  constructor(
    readonly limit: number,
    readonly offset: number,
    readonly tenantId?: string,
  ) {
    super();
  }
}
