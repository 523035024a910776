import { Inject, Injectable } from '@nestjs/common';
import {
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import {
  eventStreamName,
  eventWildcard,
  PRESENCE_KV_BUCKET,
  PresenceEventDataV1Schema,
  PresenceKvEntrySchema,
  type PresenceKvEntry,
} from '@tp/contracts';
import { JETSTREAM, JETSTREAM_MANAGER } from '@tp/platform';
import { PRESENCE_CONFIG, type PresenceConfig } from '../../presence.config';
import { KV_PROJECTOR_DURABLE } from '../messaging/presence-kv.projector';

const STREAM = eventStreamName('presence');
const KV_STREAM = `KV_${PRESENCE_KV_BUCKET}`;

/** One agent as the board shows it: the bucket's entry, or the data of the event that changed it. */
export type BoardEntry = Omit<PresenceKvEntry, 'tenantId'>;

/**
 * What a board receives, each with the stream sequence it stands at (the SSE `id`): the tenant's
 * agents as a whole, one agent's change, or only a new position (events skipped as already known).
 */
export type BoardMessage =
  | { kind: 'snapshot'; id: number; agents: BoardEntry[] }
  | { kind: 'presence'; id: number; type: string; agent: BoardEntry }
  | { kind: 'position'; id: number };

export interface BoardFeed {
  /** Stops the consumer (the client went away). */
  close(): void;
  /** Resolves when the consumer stopped, on its own (an error) or by close(). */
  readonly closed: Promise<void>;
}

/**
 * A tenant's presence for a live board: a snapshot of the `presence` bucket, then the tenant's
 * events from the presence stream (an ordered consumer filtered on `presence.evt.<tenant>.>`).
 *
 * Coherence: the snapshot stands at the KV projector's ack floor A (every event up to A is in the
 * bucket, since the projector writes before it acks; the bucket may hold newer ones too), read
 * before the bucket; the consumer starts at A + 1 and drops an event whose per-agent sequence is not
 * newer than what the snapshot gave, so nothing is missed and nothing is applied twice. A client
 * that resumes after `lastEventId` gets the events after it, or, when that position is gone from
 * the stream or too far behind, a fresh snapshot. See ADR 22.
 */
@Injectable()
export class JetStreamPresenceFeed {
  constructor(
    @Inject(JETSTREAM) private readonly js: JetStreamClient,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
    @Inject(PRESENCE_CONFIG) private readonly config: PresenceConfig,
  ) {}

  async open(
    tenantId: string,
    lastEventId: number | null,
    send: (message: BoardMessage) => void,
  ): Promise<BoardFeed> {
    const { state } = await this.jsm.streams.info(STREAM);
    const resumable =
      lastEventId !== null &&
      lastEventId <= state.last_seq &&
      lastEventId >= state.first_seq - 1 &&
      state.last_seq - lastEventId <= this.config.PRESENCE_STREAM_MAX_REPLAY;
    let known: Map<string, number> | null = null;
    let start: number;
    if (resumable) {
      start = lastEventId + 1;
    } else {
      const at = await this.projectedUpTo(state.first_seq - 1);
      const agents = await this.snapshot(tenantId);
      known = new Map(agents.map((a) => [a.agentId, a.sequence]));
      send({ kind: 'snapshot', id: at, agents });
      start = at + 1;
    }
    const consumer = await this.js.consumers.get(STREAM, {
      filter_subjects: eventWildcard('presence', tenantId), // one subject: NATS 2.9 knows no lists
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: Math.max(1, start),
    });
    const messages = await consumer.consume({
      callback: (m) => {
        const message = toBoardMessage(m, tenantId, known);
        if (message) send(message);
      },
    });
    return {
      close: () => void messages.stop(),
      closed: messages.closed().then(() => undefined),
    };
  }

  /** The stream sequence up to which the bucket holds every event (the projector's ack floor). */
  private async projectedUpTo(fallback: number): Promise<number> {
    try {
      const info = await this.jsm.consumers.info(STREAM, KV_PROJECTOR_DURABLE);
      return info.ack_floor.stream_seq;
    } catch {
      return Math.max(0, fallback); // no projector yet: replay the whole stream
    }
  }

  /** Every entry of the tenant in the bucket: the last value of each `$KV.presence.<tenant>.*`. */
  private async snapshot(tenantId: string): Promise<BoardEntry[]> {
    const consumer = await this.js.consumers
      .get(KV_STREAM, {
        filter_subjects: `$KV.${PRESENCE_KV_BUCKET}.${tenantId}.>`,
        deliver_policy: DeliverPolicy.LastPerSubject,
      })
      .catch((error: unknown) => {
        // Before the projector's first event the bucket does not exist yet: nobody has a presence.
        if (error instanceof Error && /stream not found/i.test(error.message)) return null;
        throw error;
      });
    if (consumer === null) return [];
    // An ordered consumer is ephemeral: the server lets it go by itself once unused.
    if ((await consumer.info(true)).num_pending === 0) return [];
    const agents: BoardEntry[] = [];
    let messages: ConsumerMessages | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        // A read that does not finish fails the board's start (the client reconnects) rather than
        // leaving it open with nothing on it.
        const timer = setTimeout(() => reject(new Error('the presence bucket did not answer in 5 s')), 5_000);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        consumer
          .consume({
            callback: (m) => {
              const operation = m.headers?.get('KV-Operation');
              if (operation !== 'DEL' && operation !== 'PURGE' && m.data.length > 0) {
                const parsed = PresenceKvEntrySchema.safeParse(m.json());
                if (parsed.success && parsed.data.tenantId === tenantId) {
                  const { tenantId: _tenant, ...entry } = parsed.data;
                  agents.push(entry);
                }
              }
              if (m.info.pending === 0) done();
            },
          })
          .then((iterator) => {
            messages = iterator;
            void iterator.closed().then(done);
          }, reject);
      });
    } finally {
      void messages?.stop();
    }
    return agents;
  }
}

/** One message of the stream as the board's: a change, or only a position if the board has it already. */
function toBoardMessage(m: JsMsg, tenantId: string, known: Map<string, number> | null): BoardMessage {
  const id = m.seq;
  let envelope: { type?: unknown; data?: unknown };
  try {
    envelope = m.json();
  } catch {
    return { kind: 'position', id };
  }
  const parsed = PresenceEventDataV1Schema.safeParse(envelope.data);
  if (!parsed.success || parsed.data.tenantId !== tenantId) return { kind: 'position', id };
  const data = parsed.data;
  if (known) {
    if ((known.get(data.agentId) ?? 0) >= data.sequence) return { kind: 'position', id };
    known.set(data.agentId, data.sequence);
  }
  const type = (typeof envelope.type === 'string' ? envelope.type : '')
    .replace(/^timedpresence\.presence\./, '')
    .replace(/\.v\d+$/, '');
  return {
    kind: 'presence',
    id,
    type,
    agent: {
      agentId: data.agentId,
      state: data.state,
      expiresAt: data.expiresAt,
      breakEndsAt: data.breakEndsAt,
      sequence: data.sequence,
      reason: data.reason,
      changedAt: data.occurredAt,
    },
  };
}
