import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { UserRepository } from '@tp/identity-domain';
import { IdentitySettings } from '../identity.settings';
import { loadUser } from '../load-user';
import { toUserView, type UserView } from '../user.view';
import { UpdateUserCommand } from './update-user.command';

@CommandHandler(UpdateUserCommand)
export class UpdateUserHandler implements ICommandHandler<UpdateUserCommand, UserView> {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly settings: IdentitySettings,
  ) {}

  async execute({ tenantId, userId, change }: UpdateUserCommand): Promise<UserView> {
    const user = await loadUser(this.users, tenantId, userId);
    user.updateProfile(change, this.clock.now());
    await this.users.save(user);
    return toUserView(user, this.settings.defaultTimeZone);
  }
}
