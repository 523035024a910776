import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { Deadline } from '@tp/ddd';
import { FindUserByPhone, VerifyPin } from '@tp/contracts';
import { AgentDirectory, type Agent, type PinCheck } from '@tp/flow-domain';
import { NATS_RPC_CLIENT } from '@tp/platform';
import { ask } from '../nats-ask';

/** Identity over NATS: `identity.cmd.find-user-by-phone` and `identity.cmd.verify-pin`. */
@Injectable()
export class NatsAgentDirectory extends AgentDirectory {
  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  async findByPhone(tenantId: string, phone: string, deadline: Deadline): Promise<Agent | null> {
    const reply = await ask(this.client, FindUserByPhone, { tenantId, phone }, 'identity', deadline);
    if (!reply.found) return null;
    const { id, name, timeZone, hasPin } = reply.user;
    return { userId: id, name, timeZone, hasPin };
  }

  async verifyPin(
    check: { tenantId: string; userId: string; pin: string; callSid: string },
    deadline: Deadline,
  ): Promise<PinCheck> {
    const reply = await ask(this.client, VerifyPin, { ...check, source: 'ivr' }, 'identity', deadline);
    return reply.result;
  }
}
