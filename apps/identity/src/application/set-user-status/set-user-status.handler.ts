import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { UserRepository } from '@tp/identity-domain';
import { IdentitySettings } from '../identity.settings';
import { loadUser } from '../load-user';
import { toUserView, type UserView } from '../user.view';
import { SetUserStatusCommand } from './set-user-status.command';

@CommandHandler(SetUserStatusCommand)
export class SetUserStatusHandler implements ICommandHandler<SetUserStatusCommand, UserView> {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly settings: IdentitySettings,
  ) {}

  async execute({ tenantId, userId, status }: SetUserStatusCommand): Promise<UserView> {
    const user = await loadUser(this.users, tenantId, userId);
    if (status === 'disabled') user.disable(this.clock.now());
    else user.enable(this.clock.now());
    await this.users.save(user);
    return toUserView(user, this.settings.defaultTimeZone);
  }
}
