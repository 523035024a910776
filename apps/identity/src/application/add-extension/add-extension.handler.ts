import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { Extension, UserRepository } from '@tp/identity-domain';
import { IdentitySettings } from '../identity.settings';
import { loadUser } from '../load-user';
import { toUserView, type UserView } from '../user.view';
import { AddExtensionCommand } from './add-extension.command';

@CommandHandler(AddExtensionCommand)
export class AddExtensionHandler implements ICommandHandler<AddExtensionCommand, UserView> {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly settings: IdentitySettings,
  ) {}

  async execute({ tenantId, userId, extension }: AddExtensionCommand): Promise<UserView> {
    const user = await loadUser(this.users, tenantId, userId);
    user.addExtension(Extension.create(randomUUID(), extension), this.clock.now());
    await this.users.save(user); // another user of the tenant holding the number: NumberTaken (409)
    return toUserView(user, this.settings.defaultTimeZone);
  }
}
