import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { User, UserRepository } from '@tp/identity-domain';
import { IdentitySettings } from '../identity.settings';
import { toUserView, type UserView } from '../user.view';
import { CreateUserCommand } from './create-user.command';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, UserView> {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly settings: IdentitySettings,
  ) {}

  async execute({ tenantId, input }: CreateUserCommand): Promise<UserView> {
    const user = User.create(
      {
        tenantId,
        id: randomUUID(),
        name: input.name,
        email: input.email,
        timeZone: input.timeZone ?? null,
        skills: input.skills ?? [],
        extensions: (input.extensions ?? []).map((e) => ({ ...e, id: randomUUID() })),
      },
      this.clock.now(),
    );
    await this.users.save(user); // NumberTaken / EmailTaken name who has it
    return toUserView(user, this.settings.defaultTimeZone);
  }
}
