import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { ExtendWindow, GetPresence, GoOffline, type PresenceView } from '@tp/contracts';
import { callRpc, NATS_RPC_CLIENT } from '@tp/platform';
import { AgentPresenceCommands, type PresenceWindow } from '../../application/ports/sms.ports';

const TIMEOUT_MS = 5000;

const window = (view: PresenceView): PresenceWindow => ({
  state: view.state,
  expiresAt: view.expiresAt === null ? null : new Date(view.expiresAt),
});

/** presence's `get-presence`, `extend-window` and `go-offline` (`agent-logoff`) over NATS. */
@Injectable()
export class NatsAgentPresenceCommands extends AgentPresenceCommands {
  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  async get(tenantId: string, agentId: string): Promise<PresenceWindow> {
    return window(await callRpc(this.client, GetPresence, { tenantId, agentId }, TIMEOUT_MS));
  }

  async extendWindow(tenantId: string, agentId: string, until: Date, ifExpiresAt: Date | null) {
    return window(
      await callRpc(
        this.client,
        ExtendWindow,
        {
          tenantId,
          agentId,
          until: until.toISOString(),
          ifExpiresAt: ifExpiresAt?.toISOString() ?? null,
          via: 'sms',
        },
        TIMEOUT_MS,
      ),
    );
  }

  async goOffline(tenantId: string, agentId: string): Promise<PresenceWindow> {
    return window(
      await callRpc(this.client, GoOffline, { tenantId, agentId, reason: 'agent-logoff' }, TIMEOUT_MS),
    );
  }
}
