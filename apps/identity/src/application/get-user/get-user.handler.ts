import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UserRepository } from '@tp/identity-domain';
import { IdentitySettings } from '../identity.settings';
import { loadUser } from '../load-user';
import { toUserView, type UserView } from '../user.view';
import { GetUserQuery } from './get-user.query';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery, UserView> {
  constructor(
    private readonly users: UserRepository,
    private readonly settings: IdentitySettings,
  ) {}

  async execute({ tenantId, userId }: GetUserQuery): Promise<UserView> {
    return toUserView(await loadUser(this.users, tenantId, userId), this.settings.defaultTimeZone);
  }
}
