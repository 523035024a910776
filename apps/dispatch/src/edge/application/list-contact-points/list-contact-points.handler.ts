import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toContactPointListView, type ContactPointListView } from '../contact-points/contact-point.view';
import { ContactPointAssignments } from '../ports/contact-point-assignments.port';
import { ListContactPointsQuery } from './list-contact-points.query';

@QueryHandler(ListContactPointsQuery)
export class ListContactPointsHandler implements IQueryHandler<ListContactPointsQuery> {
  constructor(private readonly assignments: ContactPointAssignments) {}

  async execute({ limit, offset, tenantId }: ListContactPointsQuery): Promise<ContactPointListView> {
    const page = await this.assignments.list({ limit, offset, ...(tenantId ? { tenantId } : {}) });
    return toContactPointListView(page, limit, offset);
  }
}
