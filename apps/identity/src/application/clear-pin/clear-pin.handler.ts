import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { UserRepository } from '@tp/identity-domain';
import { loadUser } from '../load-user';
import { ClearPinCommand } from './clear-pin.command';

@CommandHandler(ClearPinCommand)
export class ClearPinHandler implements ICommandHandler<ClearPinCommand, void> {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, userId }: ClearPinCommand): Promise<void> {
    const user = await loadUser(this.users, tenantId, userId);
    user.clearPin(this.clock.now());
    await this.users.save(user);
  }
}
