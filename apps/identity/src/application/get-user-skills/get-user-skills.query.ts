import { Query } from '@nestjs/cqrs';
import type { GetUserSkillsReply } from '@tp/contracts';

/** The skill names of some users of a tenant (presence asks, to count agents online per skill). */
export class GetUserSkillsQuery extends Query<GetUserSkillsReply> {
  constructor(
    readonly tenantId: string,
    readonly userIds: readonly string[],
  ) {
    super();
  }
}
