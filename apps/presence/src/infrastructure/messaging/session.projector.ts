import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import {
  AgentPresenceChangedV1,
  AgentSessionClosedV1,
  AgentWentOfflineV1,
  AgentWentOnlineV1,
  eventStreamName,
  eventWildcard,
  makeCloudEvent,
  OfferAcceptedV1,
  OfferEventDataV1Schema,
  OfferMadeV1,
  OfferMissedDataV1Schema,
  OfferMissedV1,
  PRESENCE_REASONS,
  PRESENCE_STATES,
  PresenceEventDataV1Schema,
  type AgentSessionDataV1,
  type CloudEvent,
} from '@tp/contracts';
import {
  applyOnce,
  DurableConsumer,
  insertOutboxRows,
  JETSTREAM,
  JETSTREAM_MANAGER,
  OutboxRelayService,
  PoisonMessageError,
  TransientError,
  type DurableConsumerSpec,
} from '@tp/platform';
import {
  SessionRecord,
  type SessionOfferOutcome,
  type SessionPresenceChange,
} from '@tp/timed-presence-domain';
import type { JsMsg } from '@nats-io/jetstream';
import { z } from 'zod';
import { AgentSessionStore } from '../persistence/agent-session.store';
import { PRESENCE_EVENT_SOURCE } from './presence-event.envelope';

/** The durable consumers of the session projector (the dispatch one's name is also its inbox key). */
export const SESSION_PROJECTOR_CONSUMERS: { presence: DurableConsumerSpec; dispatch: DurableConsumerSpec } = {
  presence: {
    stream: eventStreamName('presence'),
    durable: 'presence-session-projector',
    filterSubject: eventWildcard('presence'),
  },
  dispatch: {
    stream: eventStreamName('dispatch'),
    durable: 'presence-session-offers',
    filterSubject: eventWildcard('dispatch'),
  },
};

/** Deliveries of a change after a gap in the agent's sequence before the gap is given up on. */
const GAP_PATIENCE = 5;
/** Deliveries of an offer with no session (its login not projected yet) before it is dropped (about 10 s). */
const UNMATCHED_PATIENCE = 5;
const START_RETRY_MS = 5000;

const PRESENCE_TYPES = new Set([
  AgentWentOnlineV1.type,
  AgentPresenceChangedV1.type,
  AgentWentOfflineV1.type,
]);
const TYPE_NOUN = {
  [AgentWentOnlineV1.type]: 'agent-went-online',
  [AgentPresenceChangedV1.type]: 'agent-presence-changed',
  [AgentWentOfflineV1.type]: 'agent-went-offline',
} as const;

/** Presence event data, with the break's state and reasons (`on-break`, `break-started`, `break-ended`). */
const ChangeSchema = PresenceEventDataV1Schema.extend({
  state: z.union([z.enum(PRESENCE_STATES), z.literal('on-break')]),
  reason: z.union([z.enum(PRESENCE_REASONS), z.literal('break-started'), z.literal('break-ended')]),
});

export type PresenceOutcome = 'opened' | 'applied' | 'closed' | 'stale' | 'ignored';
export type OfferOutcome = 'counted' | 'duplicate' | 'unmatched' | 'ignored';

/**
 * Keeps `agent_session` (one row per timed session) from presence's own events (in each agent's
 * sequence: stale ones dropped, a gap waited for) and dispatch's offer events (once per event id,
 * counted in the session they happened in). When a session ends, its row and the
 * `agent-session-closed` event (outbox) commit in one transaction. See ADR 29.
 */
@Injectable()
export class SessionProjector implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SessionProjector.name);
  private readonly consumers: DurableConsumer[] = [];
  private readonly spec = SESSION_PROJECTOR_CONSUMERS;

  constructor(
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    private readonly em: EntityManager,
    private readonly relay: OutboxRelayService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.follow(this.spec.presence, (e, m) => this.projectPresence(e, m.info.deliveryCount));
    await this.follow(this.spec.dispatch, (e, m) => this.projectOffer(e, m.info.deliveryCount));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  /** Applies one presence event; public for tests. */
  async projectPresence(event: CloudEvent, deliveries = 1): Promise<PresenceOutcome> {
    if (!PRESENCE_TYPES.has(event.type)) return 'ignored';
    const parsed = ChangeSchema.safeParse(event.data);
    if (!parsed.success) throw new PoisonMessageError(`not presence event data: ${parsed.error.message}`);
    const change: SessionPresenceChange = {
      ...parsed.data,
      type: TYPE_NOUN[event.type as keyof typeof TYPE_NOUN],
    };
    const outcome = await this.em.fork().transactional(async (tx): Promise<PresenceOutcome> => {
      const latest = await AgentSessionStore.latest(tx, change.tenantId, change.agentId);
      const decision = SessionRecord.decide(latest, change, deliveries >= GAP_PATIENCE);
      switch (decision) {
        case 'gap':
          throw new TransientError(
            `agent ${change.agentId}: change ${change.sequence} came before ${latest!.lastSequence + 1}`,
            200 * deliveries,
          );
        case 'stale':
        case 'ignore':
          return decision === 'stale' ? 'stale' : 'ignored';
        case 'open':
          await AgentSessionStore.insert(tx, SessionRecord.open(randomUUID(), change));
          return 'opened';
        case 'apply': {
          const record = latest!;
          record.apply(change);
          await AgentSessionStore.update(tx, record);
          const closed = record.pullEvents();
          await insertOutboxRows(
            tx,
            'presence',
            closed.map((c) => closedEntry(c.session as AgentSessionDataV1)),
          );
          return closed.length > 0 ? 'closed' : 'applied';
        }
      }
    });
    if (outcome === 'closed') this.relay.kick();
    return outcome;
  }

  /** Counts one dispatch offer event in the agent's session at that time; public for tests. */
  async projectOffer(event: CloudEvent, deliveries = 1): Promise<OfferOutcome> {
    const read = offerOf(event);
    if (read === null) return 'ignored';
    const { data, outcome } = read;
    let result: OfferOutcome = 'duplicate';
    await applyOnce(this.em, this.spec.dispatch.durable, event.id, async (tx) => {
      const record = await AgentSessionStore.covering(
        tx,
        data.tenantId,
        data.agentId,
        new Date(data.occurredAt),
      );
      if (record === null) {
        if (deliveries < UNMATCHED_PATIENCE) {
          throw new TransientError(
            `no session of agent ${data.agentId} at ${data.occurredAt} yet`,
            1000 * deliveries,
          );
        }
        result = 'unmatched';
        return;
      }
      record.countOffer(outcome);
      await AgentSessionStore.update(tx, record);
      result = 'counted';
    });
    return result;
  }

  private async follow(
    spec: DurableConsumerSpec,
    handle: (event: CloudEvent, msg: JsMsg) => Promise<unknown>,
  ) {
    const consumer = new DurableConsumer(
      this.js,
      this.jsm,
      spec,
      async (event, msg) => {
        await handle(event, msg);
      },
      {
        warn: (m, meta) => this.logger.warn(`${m} ${JSON.stringify(meta ?? {})}`),
        error: (m, meta) => this.logger.error(`${m} ${JSON.stringify(meta ?? {})}`),
      },
    );
    this.consumers.push(consumer);
    await consumer.startWhenReady(START_RETRY_MS, (error) =>
      this.logger.warn(
        `cannot follow ${spec.stream} yet (${error instanceof Error ? error.message : String(error)}); ` +
          `session records start following it once it exists, retrying every ${START_RETRY_MS / 1000} s`,
      ),
    );
  }
}

function offerOf(
  event: CloudEvent,
): { data: { tenantId: string; agentId: string; occurredAt: string }; outcome: SessionOfferOutcome } | null {
  const parse = <T>(schema: z.ZodType<T>): T => {
    const parsed = schema.safeParse(event.data);
    if (!parsed.success) throw new PoisonMessageError(`bad ${event.type} data: ${parsed.error.message}`);
    return parsed.data;
  };
  switch (event.type) {
    case OfferMadeV1.type:
      return { data: parse(OfferEventDataV1Schema), outcome: { kind: 'made' } };
    case OfferAcceptedV1.type:
      return { data: parse(OfferEventDataV1Schema), outcome: { kind: 'accepted' } };
    case OfferMissedV1.type: {
      const data = parse(OfferMissedDataV1Schema);
      return { data, outcome: { kind: 'missed', reason: data.reason } };
    }
    default:
      return null;
  }
}

function closedEntry(session: AgentSessionDataV1) {
  const event = makeCloudEvent(AgentSessionClosedV1, {
    id: randomUUID(),
    source: PRESENCE_EVENT_SOURCE,
    time: session.endedAt!,
    subject: session.agentId,
    data: session,
  });
  return { subject: AgentSessionClosedV1.subjectFor(session.tenantId), tenantId: session.tenantId, event };
}
