import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ListCallersReply } from '@tp/contracts';
import { IdentitySettings } from '../identity.settings';
import { CallerList } from './caller-list.port';
import { ListCallersQuery } from './list-callers.query';

/** A page of the tenant's users, each with the zone in effect and their PSTN numbers. */
@QueryHandler(ListCallersQuery)
export class ListCallersHandler implements IQueryHandler<ListCallersQuery, ListCallersReply> {
  constructor(
    private readonly callers: CallerList,
    private readonly settings: IdentitySettings,
  ) {}

  async execute({ tenantId, after, limit }: ListCallersQuery): Promise<ListCallersReply> {
    const page = await this.callers.page(tenantId, after, limit);
    return {
      callers: page.map((c) => ({
        userId: c.userId,
        version: c.version,
        name: c.name,
        timeZone: c.timeZone ?? this.settings.defaultTimeZone.name,
        hasPin: c.hasPin,
        status: c.status,
        numbers: [...c.numbers],
      })),
      next: page.length === limit ? page[page.length - 1].userId : null,
    };
  }
}
