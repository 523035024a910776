import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { GetUserContactReply } from '@tp/contracts';
import { UserRepository } from '@tp/identity-domain';
import { GetUserContactQuery } from './get-user-contact.query';

/**
 * The user's PSTN numbers (E.164), in the order the admin added them. A user the tenant does not
 * have (another tenant's included) or a disabled one is not found: nobody is called on their behalf.
 */
@QueryHandler(GetUserContactQuery)
export class GetUserContactHandler implements IQueryHandler<GetUserContactQuery, GetUserContactReply> {
  constructor(private readonly users: UserRepository) {}

  async execute({ tenantId, userId }: GetUserContactQuery): Promise<GetUserContactReply> {
    const user = await this.users.find(tenantId, userId);
    if (user === null || !user.isActive) return { found: false };
    return {
      found: true,
      pstnNumbers: user.extensions.filter((e) => e.type === 'pstn').map((e) => e.number),
    };
  }
}
