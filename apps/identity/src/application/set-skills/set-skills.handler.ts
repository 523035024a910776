import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { Skills, UserRepository } from '@tp/identity-domain';
import { IdentitySettings } from '../identity.settings';
import { loadUser } from '../load-user';
import { toUserView, type UserView } from '../user.view';
import { SetSkillsCommand } from './set-skills.command';

@CommandHandler(SetSkillsCommand)
export class SetSkillsHandler implements ICommandHandler<SetSkillsCommand, UserView> {
  constructor(
    private readonly users: UserRepository,
    private readonly clock: Clock,
    private readonly settings: IdentitySettings,
  ) {}

  async execute({ tenantId, userId, skills }: SetSkillsCommand): Promise<UserView> {
    const user = await loadUser(this.users, tenantId, userId);
    user.setSkills(Skills.of(skills), this.clock.now());
    await this.users.save(user);
    return toUserView(user, this.settings.defaultTimeZone);
  }
}
