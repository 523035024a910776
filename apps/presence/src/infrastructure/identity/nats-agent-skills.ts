import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { GET_USER_SKILLS_MAX_V1, GetUserSkills } from '@tp/contracts';
import { callRpc, NATS_RPC_CLIENT, PeerUnavailable, RemoteError } from '@tp/platform';
import { SkillsUnavailable } from '../../application/online-history/online-history.errors';
import { AgentSkills } from '../../application/online-history/online-history.port';

const LOOKUP_TIMEOUT_MS = 2000;

/** identity's `identity.cmd.get-user-skills` over NATS, in batches of at most 500 agents. */
@Injectable()
export class NatsAgentSkills extends AgentSkills {
  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  async of(tenantId: string, agentIds: readonly string[]): Promise<Map<string, string[]>> {
    const batches: string[][] = [];
    for (let i = 0; i < agentIds.length; i += GET_USER_SKILLS_MAX_V1)
      batches.push(agentIds.slice(i, i + GET_USER_SKILLS_MAX_V1));
    try {
      const replies = await Promise.all(
        batches.map((userIds) =>
          callRpc(this.client, GetUserSkills, { tenantId, userIds }, LOOKUP_TIMEOUT_MS),
        ),
      );
      return new Map(replies.flatMap((reply) => reply.users.map((u) => [u.userId, u.skills] as const)));
    } catch (error) {
      if (error instanceof PeerUnavailable || error instanceof RemoteError)
        throw new SkillsUnavailable(error.message);
      throw error;
    }
  }
}
