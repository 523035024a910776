import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  AnyCloudEventSchema,
  eventWildcard,
  PRESENCE_EVENTS_V1,
  PresenceEventDataV1Schema,
} from '@tp/contracts';
import type { Deadline } from '@tp/ddd';
import { PresenceGateway, type AgentPresenceState, type Login } from '@tp/flow-domain';
import { NATS_CONNECTION } from '@tp/platform';
import { NatsPresenceGateway } from './nats-presence-gateway';

/** At most this many agents' presence kept (the least recently changed or asked go first). */
const MAX_AGENTS = 200_000;
const PRESENCE_TYPES = new Set<string>(PRESENCE_EVENTS_V1.map((c) => c.type));

interface Known extends AgentPresenceState {
  readonly sequence: number;
}

/**
 * Each agent's presence, answered from memory: kept from presence's events (each carries the
 * agent's whole presence and its sequence, so a newer one simply replaces an older one), which
 * every replica hears (a plain subscription, not a shared consumer), and from the answers of
 * presence's commands. An agent not heard of since this replica started is asked once
 * (`presence.cmd.get-presence`). A lost or slow connection may have lost events: then everything
 * is forgotten and asked again. Commands (go online or offline, a break) always go to presence
 * (ADR 30).
 */
@Injectable()
export class PresenceReadModel
  extends PresenceGateway
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly agents = new Map<string, Known>();
  /** Grows when everything is forgotten: an answer asked for before then is not kept. */
  private epoch = 0;
  private subscription: Subscription | null = null;
  private stopped = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly presence: NatsPresenceGateway,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.subscription = this.nc.subscribe(eventWildcard('presence'), {
      callback: (error, msg) => {
        if (error) return;
        this.receive(msg.data);
      },
    });
    void this.watchConnection();
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
  }

  async presenceOf(tenantId: string, agentId: string, deadline: Deadline): Promise<AgentPresenceState> {
    const known = this.agents.get(key(tenantId, agentId));
    if (known !== undefined) return { state: known.state, expiresAt: known.expiresAt };
    const epoch = this.epoch;
    const asked = await this.presence.presenceOfWithSequence(tenantId, agentId, deadline);
    if (epoch === this.epoch) this.keep(tenantId, agentId, asked);
    return { state: asked.state, expiresAt: asked.expiresAt };
  }

  async goOnline(login: Login, deadline: Deadline): Promise<AgentPresenceState> {
    return this.keptFrom(
      login.tenantId,
      login.agentId,
      await this.presence.goOnlineWithSequence(login, deadline),
    );
  }

  async goOffline(tenantId: string, agentId: string, deadline: Deadline): Promise<AgentPresenceState> {
    return this.keptFrom(
      tenantId,
      agentId,
      await this.presence.goOfflineWithSequence(tenantId, agentId, deadline),
    );
  }

  async startBreak(
    tenantId: string,
    agentId: string,
    minutes: number,
    deadline: Deadline,
  ): Promise<AgentPresenceState> {
    return this.keptFrom(
      tenantId,
      agentId,
      await this.presence.startBreakWithSequence(tenantId, agentId, minutes, deadline),
    );
  }

  /** Applies one event as it came off the wire; anything else on the subject is ignored. */
  receive(data: Uint8Array): void {
    let raw: unknown;
    try {
      raw = JSON.parse(new TextDecoder().decode(data));
    } catch {
      return;
    }
    const envelope = AnyCloudEventSchema.safeParse(raw);
    if (!envelope.success || !PRESENCE_TYPES.has(envelope.data.type)) return;
    const event = PresenceEventDataV1Schema.safeParse(envelope.data.data);
    if (!event.success) return;
    const { tenantId, agentId, state, expiresAt, sequence } = event.data;
    this.keep(tenantId, agentId, {
      state,
      expiresAt: expiresAt === null ? null : new Date(expiresAt),
      sequence,
    });
  }

  /** How many agents are kept now (for tests). */
  get size(): number {
    return this.agents.size;
  }

  private keptFrom(tenantId: string, agentId: string, answer: Known): AgentPresenceState {
    this.keep(tenantId, agentId, answer);
    return { state: answer.state, expiresAt: answer.expiresAt };
  }

  /** Keeps a presence unless a newer one is kept already. */
  private keep(tenantId: string, agentId: string, presence: Known): void {
    const k = key(tenantId, agentId);
    const known = this.agents.get(k);
    if (known !== undefined && known.sequence >= presence.sequence) return;
    this.agents.delete(k);
    this.agents.set(k, presence);
    if (this.agents.size > MAX_AGENTS) {
      const oldest = this.agents.keys().next().value;
      if (oldest !== undefined) this.agents.delete(oldest);
    }
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (this.stopped) return;
      if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'slowConsumer') {
        this.epoch += 1;
        this.agents.clear();
      }
    }
  }
}

const key = (tenantId: string, agentId: string) => `${tenantId}/${agentId}`;
