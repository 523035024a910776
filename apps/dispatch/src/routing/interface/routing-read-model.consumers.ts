import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import {
  AgentPresenceChangedV1,
  AgentWentOfflineV1,
  AgentWentOnlineV1,
  eventStreamName,
  eventWildcard,
  PresenceEventDataV1Schema,
  UserCreatedDataV1Schema,
  UserCreatedV1,
  UserSkillsChangedDataV1Schema,
  UserSkillsChangedV1,
  UserStatusChangedDataV1Schema,
  UserStatusChangedV1,
  type CloudEvent,
} from '@tp/contracts';
import {
  APP_INFO,
  applyOnce,
  DurableConsumer,
  JETSTREAM,
  JETSTREAM_MANAGER,
  PoisonMessageError,
  type AppInfo,
} from '@tp/platform';
import type { IdentityChange } from '@tp/routing-domain';
import type { z } from 'zod';
import { OfferEngine } from '../application/offer-engine';
import { RoutingAgentStore } from '../infrastructure/persistence/routing-agent.store';

/** The durable consumers' names (and their inbox keys in `dispatch.processed_event`). */
export const ROUTING_PRESENCE_DURABLE = 'dispatch-routing-presence';
export const ROUTING_IDENTITY_DURABLE = 'dispatch-routing-identity';
/** How often to try again while a stream does not exist yet (its app not started). */
const START_RETRY_MS = 5000;

/** What came of one event: applied, not newer than the row (dropped), a duplicate, or not routing's. */
export type ReadModelOutcome = 'applied' | 'stale' | 'duplicate' | 'ignored';

/**
 * A durable consumer (explicit acks, shared by replicas, from the start of the stream so that a new
 * deployment builds the whole read model) that applies events to `routing_agent` once each
 * (`applyOnce`: inbox row and row change commit together) and only when newer (the domain rule).
 */
abstract class RoutingReadModelConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  protected readonly store: RoutingAgentStore;
  private consumer: DurableConsumer | null = null;

  protected abstract readonly source: 'presence' | 'identity';
  protected abstract readonly durable: string;

  constructor(
    protected readonly js: JetStreamClient,
    protected readonly jsm: JetStreamManager,
    protected readonly em: EntityManager,
    app: AppInfo,
    protected readonly engine?: OfferEngine,
  ) {
    this.store = new RoutingAgentStore(app.schema);
  }

  /** Applies one event; public for tests. */
  abstract handle(event: CloudEvent): Promise<ReadModelOutcome>;

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  protected async once(
    tenantId: string,
    eventId: string,
    effect: (tx: EntityManager) => Promise<boolean>,
  ): Promise<ReadModelOutcome> {
    let outcome = 'duplicate' as ReadModelOutcome;
    await applyOnce(this.em, this.durable, eventId, async (tx) => {
      outcome = (await effect(tx)) ? 'applied' : 'stale';
    });
    // A login, a call's end, new skills: an agent may have become eligible for a waiting call.
    if (outcome === 'applied') this.engine?.kick(tenantId);
    return outcome;
  }

  protected parse<T>(schema: z.ZodType<T>, event: CloudEvent): T {
    const parsed = schema.safeParse(event.data);
    if (!parsed.success) throw new PoisonMessageError(`bad ${event.type} data: ${parsed.error.message}`);
    return parsed.data;
  }

  private async start(): Promise<void> {
    const stream = eventStreamName(this.source);
    const consumer = new DurableConsumer(
      this.js,
      this.jsm,
      { stream, durable: this.durable, filterSubject: eventWildcard(this.source), deliverPolicy: 'all' },
      async (event) => {
        await this.handle(event);
      },
      {
        warn: (m, meta) => this.logger.warn(`${m} ${JSON.stringify(meta ?? {})}`),
        error: (m, meta) => this.logger.error(`${m} ${JSON.stringify(meta ?? {})}`),
      },
    );
    this.consumer = consumer;
    await consumer.startWhenReady(START_RETRY_MS, (error) =>
      this.logger.warn(
        `cannot follow ${stream} yet (${error instanceof Error ? error.message : String(error)}); ` +
          `routing's view of agents starts once ${this.source} has created its stream, retrying every ${START_RETRY_MS / 1000} s`,
      ),
    );
  }
}

const PRESENCE_TYPES = new Set([
  AgentWentOnlineV1.type,
  AgentPresenceChangedV1.type,
  AgentWentOfflineV1.type,
]);

/** Presence events into `routing_agent`: state, expiry, idle start; only a higher sequence. */
@Injectable()
export class RoutingPresenceConsumer extends RoutingReadModelConsumer {
  protected readonly source = 'presence';
  protected readonly durable = ROUTING_PRESENCE_DURABLE;

  constructor(
    @Inject(JETSTREAM) js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) jsm: JetStreamManager,
    em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
    @Optional() engine?: OfferEngine,
  ) {
    super(js, jsm, em, app, engine);
  }

  async handle(event: CloudEvent): Promise<ReadModelOutcome> {
    if (!PRESENCE_TYPES.has(event.type)) return 'ignored';
    const data = this.parse(PresenceEventDataV1Schema, event);
    return this.once(data.tenantId, event.id, (tx) =>
      this.store.applyPresence(tx, data.tenantId, data.agentId, {
        state: data.state,
        expiresAt: data.expiresAt === null ? null : new Date(data.expiresAt),
        reason: data.reason,
        sequence: data.sequence,
        occurredAt: new Date(data.occurredAt),
      }),
    );
  }
}

/** Identity events into `routing_agent`: skills and status, each only from a newer version. */
@Injectable()
export class RoutingIdentityConsumer extends RoutingReadModelConsumer {
  protected readonly source = 'identity';
  protected readonly durable = ROUTING_IDENTITY_DURABLE;

  constructor(
    @Inject(JETSTREAM) js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) jsm: JetStreamManager,
    em: EntityManager,
    @Inject(APP_INFO) app: AppInfo,
    @Optional() engine?: OfferEngine,
  ) {
    super(js, jsm, em, app, engine);
  }

  async handle(event: CloudEvent): Promise<ReadModelOutcome> {
    let target: { tenantId: string; userId: string; change: IdentityChange };
    if (event.type === UserCreatedV1.type) {
      const d = this.parse(UserCreatedDataV1Schema, event);
      target = {
        ...d,
        change: { version: d.version, skills: d.skills.map((s) => s.name), status: d.status },
      };
    } else if (event.type === UserSkillsChangedV1.type) {
      const d = this.parse(UserSkillsChangedDataV1Schema, event);
      target = { ...d, change: { version: d.version, skills: d.skills.map((s) => s.name) } };
    } else if (event.type === UserStatusChangedV1.type) {
      const d = this.parse(UserStatusChangedDataV1Schema, event);
      target = { ...d, change: { version: d.version, status: d.status } };
    } else {
      return 'ignored';
    }
    return this.once(target.tenantId, event.id, (tx) =>
      this.store.applyIdentity(tx, target.tenantId, target.userId, target.change),
    );
  }
}
