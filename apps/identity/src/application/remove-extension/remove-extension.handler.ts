import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { UserRepository } from '@tp/identity-domain';
import { loadUser } from '../load-user';
import { RemoveExtensionCommand } from './remove-extension.command';

@CommandHandler(RemoveExtensionCommand)
export class RemoveExtensionHandler implements ICommandHandler<RemoveExtensionCommand, void> {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, userId, extensionId }: RemoveExtensionCommand): Promise<void> {
    const user = await loadUser(this.users, tenantId, userId);
    user.removeExtension(extensionId, this.clock.now());
    await this.users.save(user);
  }
}
