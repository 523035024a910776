import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { GetUserContact } from '@tp/contracts';
import { callRpc, NATS_RPC_CLIENT, PeerUnavailable, RemoteError } from '@tp/platform';
import { AgentDirectoryUnavailable } from '../../application/force-online/force-online.errors';
import { AgentDirectory } from '../../application/ports/agent-directory.port';

const LOOKUP_TIMEOUT_MS = 2000;

/** identity's `identity.cmd.get-user-contact` over NATS: a user it finds in the tenant is an agent. */
@Injectable()
export class NatsAgentDirectory extends AgentDirectory {
  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  async isAgent(tenantId: string, agentId: string): Promise<boolean> {
    try {
      const reply = await callRpc(
        this.client,
        GetUserContact,
        { tenantId, userId: agentId },
        LOOKUP_TIMEOUT_MS,
      );
      return reply.found;
    } catch (error) {
      if (error instanceof PeerUnavailable || error instanceof RemoteError)
        throw new AgentDirectoryUnavailable(error.message);
      throw error;
    }
  }
}
