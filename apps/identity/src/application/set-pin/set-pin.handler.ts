import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { Pin, PinHasher, UserRepository } from '@tp/identity-domain';
import { loadUser } from '../load-user';
import { SetPinCommand } from './set-pin.command';

@CommandHandler(SetPinCommand)
export class SetPinHandler implements ICommandHandler<SetPinCommand, void> {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PinHasher,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, userId, pin }: SetPinCommand): Promise<void> {
    const checked = Pin.of(pin); // before any lookup: a bad PIN is a 400 whoever it was for
    const user = await loadUser(this.users, tenantId, userId);
    user.setPinHash(await this.hasher.hash(checked), this.clock.now());
    await this.users.save(user);
  }
}
