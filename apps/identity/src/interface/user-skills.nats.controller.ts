import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetUserSkills, type GetUserSkillsReply, type RpcResult } from '@tp/contracts';
import { serveRpc } from '@tp/platform';
import { GetUserSkillsQuery } from '../application/get-user-skills/get-user-skills.query';

/** `identity.cmd.get-user-skills` (queue group `identity`). */
@Controller()
export class UserSkillsNatsController {
  constructor(private readonly queries: QueryBus) {}

  @MessagePattern(GetUserSkills.subject)
  getUserSkills(@Payload() payload: unknown): Promise<RpcResult<GetUserSkillsReply>> {
    return serveRpc(GetUserSkills, payload, (request) =>
      this.queries.execute(new GetUserSkillsQuery(request.tenantId, request.userIds)),
    );
  }
}
