import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { GetPresence, GoOffline, MarkAvailable, MarkBusy } from '@tp/contracts';
import { callRpc, NATS_RPC_CLIENT } from '@tp/platform';
import { PresenceCommands } from '../../application/ports/presence-commands.port';

const PRESENCE_TIMEOUT_MS = 3000;

/** presence's commands over NATS (`presence.cmd.mark-busy`, `mark-available`, `go-offline`, `get-presence`). */
@Injectable()
export class NatsPresenceCommands extends PresenceCommands {
  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  async markBusy(tenantId: string, agentId: string, callSid: string): Promise<void> {
    await callRpc(this.client, MarkBusy, { tenantId, agentId, callSid }, PRESENCE_TIMEOUT_MS);
  }

  async markAvailable(tenantId: string, agentId: string, callSid?: string): Promise<void> {
    await callRpc(
      this.client,
      MarkAvailable,
      { tenantId, agentId, ...(callSid ? { callSid } : {}) },
      PRESENCE_TIMEOUT_MS,
    );
  }

  async goOfflineUnreachable(tenantId: string, agentId: string): Promise<void> {
    await callRpc(this.client, GoOffline, { tenantId, agentId, reason: 'unreachable' }, PRESENCE_TIMEOUT_MS);
  }

  async expiresWhenCallEnds(tenantId: string, agentId: string): Promise<boolean> {
    const view = await callRpc(this.client, GetPresence, { tenantId, agentId }, PRESENCE_TIMEOUT_MS);
    return view.expiresWhenCallEnds;
  }
}
