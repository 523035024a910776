import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { GetUserContact } from '@tp/contracts';
import { callRpc, NATS_RPC_CLIENT } from '@tp/platform';
import { AgentContacts } from '../ports/agent-contacts.port';

const CONTACT_TIMEOUT_MS = 5000;

/** identity's `identity.cmd.get-user-contact` over NATS. */
@Injectable()
export class NatsAgentContacts extends AgentContacts {
  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  async pstnNumbersOf(tenantId: string, userId: string): Promise<string[] | null> {
    const reply = await callRpc(this.client, GetUserContact, { tenantId, userId }, CONTACT_TIMEOUT_MS);
    return reply.found ? reply.pstnNumbers : null;
  }
}
