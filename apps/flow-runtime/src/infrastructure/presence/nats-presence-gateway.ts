import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { GetPresence, GoOffline, GoOnline, type PresenceView } from '@tp/contracts';
import { PresenceGateway, type AgentPresenceState, type CallBudget, type Login } from '@tp/flow-domain';
import { NATS_RPC_CLIENT } from '@tp/platform';
import { ask } from '../nats-ask';

const stateOf = (view: PresenceView): AgentPresenceState => ({
  state: view.state,
  expiresAt: view.expiresAt === null ? null : new Date(view.expiresAt),
});

/** Presence over NATS: `presence.cmd.get-presence`, `go-online` (reason `login`), `go-offline` (`agent-logoff`). */
@Injectable()
export class NatsPresenceGateway extends PresenceGateway {
  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  async presenceOf(tenantId: string, agentId: string, budget: CallBudget): Promise<AgentPresenceState> {
    return stateOf(await ask(this.client, GetPresence, { tenantId, agentId }, 'presence', budget));
  }

  async goOnline(login: Login, budget: CallBudget): Promise<AgentPresenceState> {
    return stateOf(await ask(this.client, GoOnline, { ...login, reason: 'login' }, 'presence', budget));
  }

  async goOffline(tenantId: string, agentId: string, budget: CallBudget): Promise<AgentPresenceState> {
    return stateOf(
      await ask(this.client, GoOffline, { tenantId, agentId, reason: 'agent-logoff' }, 'presence', budget),
    );
  }
}
