import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { FindUserByPhone, GetUserContact } from '@tp/contracts';
import { chooseAgentNumber } from '@tp/dispatch-domain';
import { callRpc, NATS_RPC_CLIENT } from '@tp/platform';
import { PhoneNumber } from '@tp/telephony-domain';
import { AgentDirectory, type AgentSmsContact } from '../../application/ports/sms.ports';

const TIMEOUT_MS = 5000;

/**
 * identity over NATS: an agent's first PSTN number (`get-user-contact`) and the zone of the user
 * who owns it (`find-user-by-phone`, which answers the user's zone or the tenant's default); who
 * owns a number an SMS came from (`find-user-by-phone`, enabled users only).
 */
@Injectable()
export class NatsAgentDirectory extends AgentDirectory {
  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  async smsContactOf(tenantId: string, agentId: string): Promise<AgentSmsContact | null> {
    const contact = await callRpc(this.client, GetUserContact, { tenantId, userId: agentId }, TIMEOUT_MS);
    if (!contact.found) return null;
    const phoneNumber = chooseAgentNumber(contact.pstnNumbers);
    if (phoneNumber === null) return null;
    const owner = await this.findByPhone(tenantId, phoneNumber);
    return { phoneNumber, timeZone: owner?.agentId === agentId ? owner.timeZone : 'UTC' };
  }

  async findByPhone(
    tenantId: string,
    phone: string,
  ): Promise<{ agentId: string; timeZone: string; phoneNumber: string } | null> {
    const number = PhoneNumber.tryParse(phone);
    if (number === null) return null;
    const reply = await callRpc(this.client, FindUserByPhone, { tenantId, phone: number.value }, TIMEOUT_MS);
    if (!reply.found) return null;
    return { agentId: reply.user.id, timeZone: reply.user.timeZone, phoneNumber: number.value };
  }
}
