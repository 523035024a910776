import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import type { Deadline } from '@tp/ddd';
import { GetPresence, GoOffline, GoOnline, StartBreak, type PresenceView } from '@tp/contracts';
import { PresenceGateway, type AgentPresenceState, type Login } from '@tp/flow-domain';
import { NATS_RPC_CLIENT } from '@tp/platform';
import { ask } from '../nats-ask';

/** A presence as presence answered it, with its sequence (newer ones have higher). */
export interface SequencedPresence extends AgentPresenceState {
  readonly sequence: number;
}

const stateOf = (view: PresenceView): SequencedPresence => ({
  state: view.state,
  expiresAt: view.expiresAt === null ? null : new Date(view.expiresAt),
  sequence: view.sequence,
});
const plain = ({ state, expiresAt }: SequencedPresence): AgentPresenceState => ({ state, expiresAt });

/**
 * Presence over NATS: `presence.cmd.get-presence`, `go-online` (reason `login`), `go-offline`
 * (`agent-logoff`), `start-break`.
 */
@Injectable()
export class NatsPresenceGateway extends PresenceGateway {
  constructor(@Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy) {
    super();
  }

  async presenceOf(tenantId: string, agentId: string, deadline: Deadline): Promise<AgentPresenceState> {
    return plain(await this.presenceOfWithSequence(tenantId, agentId, deadline));
  }

  async presenceOfWithSequence(
    tenantId: string,
    agentId: string,
    deadline: Deadline,
  ): Promise<SequencedPresence> {
    return stateOf(await ask(this.client, GetPresence, { tenantId, agentId }, 'presence', deadline));
  }

  async goOnline(login: Login, deadline: Deadline): Promise<AgentPresenceState> {
    return plain(await this.goOnlineWithSequence(login, deadline));
  }

  async goOnlineWithSequence(login: Login, deadline: Deadline): Promise<SequencedPresence> {
    return stateOf(await ask(this.client, GoOnline, { ...login, reason: 'login' }, 'presence', deadline));
  }

  async goOffline(tenantId: string, agentId: string, deadline: Deadline): Promise<AgentPresenceState> {
    return plain(await this.goOfflineWithSequence(tenantId, agentId, deadline));
  }

  async goOfflineWithSequence(
    tenantId: string,
    agentId: string,
    deadline: Deadline,
  ): Promise<SequencedPresence> {
    return stateOf(
      await ask(this.client, GoOffline, { tenantId, agentId, reason: 'agent-logoff' }, 'presence', deadline),
    );
  }

  async startBreak(
    tenantId: string,
    agentId: string,
    minutes: number,
    deadline: Deadline,
  ): Promise<AgentPresenceState> {
    return plain(await this.startBreakWithSequence(tenantId, agentId, minutes, deadline));
  }

  async startBreakWithSequence(
    tenantId: string,
    agentId: string,
    minutes: number,
    deadline: Deadline,
  ): Promise<SequencedPresence> {
    return stateOf(await ask(this.client, StartBreak, { tenantId, agentId, minutes }, 'presence', deadline));
  }
}
