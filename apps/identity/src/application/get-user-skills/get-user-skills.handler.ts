import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { GetUserSkillsReply } from '@tp/contracts';
import { GetUserSkillsQuery } from './get-user-skills.query';
import { UserSkills } from './user-skills.port';

/** The skill names of the tenant's users among those asked; another tenant's users are not answered. */
@QueryHandler(GetUserSkillsQuery)
export class GetUserSkillsHandler implements IQueryHandler<GetUserSkillsQuery, GetUserSkillsReply> {
  constructor(private readonly skills: UserSkills) {}

  async execute({ tenantId, userIds }: GetUserSkillsQuery): Promise<GetUserSkillsReply> {
    return { users: await this.skills.of(tenantId, [...new Set(userIds)]) };
  }
}
