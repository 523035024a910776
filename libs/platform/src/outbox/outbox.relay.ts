import type { EntityManager } from '@mikro-orm/postgresql';
import { EventPublisher } from '../messaging/event-publisher.port';
import { PgListener } from '../persistence/pg-listener';
import { outboxChannel } from './outbox-notify';

export interface OutboxRelayOptions {
  /** The app's schema, whose `outbox_message` table this relay drains. */
  schema: string;
  batchSize?: number;
  /** The delay before a round nothing asked for: a safety net behind notifications and kicks. */
  pollIntervalMs?: number;
  /**
   * Wake on the outbox's notification ({@link outboxNotifySql}), heard on a dedicated connection
   * to this database: a commit of any process is relayed at once. While that connection is down
   * (it reconnects by itself, and relays on reconnecting) the relay polls every `unheardPollMs`.
   */
  listen?: { connectionString: string; applicationName: string; unheardPollMs?: number };
  /** Hears each notification of a commit to this outbox, from any process (after the relay is kicked). */
  onNotified?: () => void;
  onError?: (error: unknown) => void;
  /** Hears each event published and marked sent (its CloudEvent type and tenant), after the commit. */
  onPublished?: (type: string, tenantId: string) => void;
}

interface PendingRow {
  id: string;
  event_id: string;
  subject: string;
  type: string;
  tenant_id: string;
  /** The CloudEvent as JSON text, read as text so it is not parsed and encoded again. */
  payload: string;
}

export interface RelayTick {
  /** False when another relay held the lock, so this one did nothing. */
  ran: boolean;
  published: number;
  duplicates: number;
  /** True when publishing failed (NATS away, no stream leader yet): the rows wait for the next round. */
  failed?: boolean;
}

/**
 * Moves committed outbox rows to JetStream, oldest first, and marks them sent.
 *
 * Exactly once, with any number of replicas and crashes:
 * - one relay at a time per schema holds a transaction-scoped advisory lock, so the stream gets
 *   events in outbox order (per-agent sequence order is kept), and rows are claimed
 *   `FOR UPDATE SKIP LOCKED` as a second guard;
 * - a relay that dies after publishing but before committing `sent_at` leaves the rows unsent; the
 *   next tick publishes them again with the same `Nats-Msg-Id`, which JetStream drops within the
 *   stream's duplicate window; consumers dedupe by event id beyond it.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private kicked = false;
  private stopped = true;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly table: string;
  private readonly lockKey: string;
  /** The listening connection, when `listen` was given. */
  readonly listener: PgListener | null;

  constructor(
    private readonly em: EntityManager,
    private readonly publisher: EventPublisher,
    private readonly options: OutboxRelayOptions,
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(options.schema)) throw new Error(`bad schema name ${options.schema}`);
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.table = `"${options.schema}"."outbox_message"`;
    this.lockKey = `timed-presence:outbox:${options.schema}`;
    const listen = options.listen;
    this.listener = listen
      ? new PgListener({
          connectionString: listen.connectionString,
          applicationName: listen.applicationName,
          channels: [outboxChannel(options.schema)],
          onNotification: () => {
            this.kick();
            this.options.onNotified?.();
          },
          // Notifications sent while not listening are lost: relay whatever is pending now.
          onListening: () => this.kick(),
          // A round now, after which the relay polls quickly until it listens again.
          onLost: () => this.kick(),
        })
      : null;
  }

  /** Polls until stopped; `kick()` makes the next tick happen now. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
    void this.listener?.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.listener?.stop();
    await this.running;
  }

  /** Whether notifications are heard now (false without `listen`, or while reconnecting). */
  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  /** Asks for a tick as soon as possible (after a flush that wrote outbox rows). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.kicked = true;
      return;
    }
    this.schedule(0);
  }

  /** Relays until nothing is pending (or another relay holds the lock). */
  async drain(): Promise<RelayTick> {
    const total: RelayTick = { ran: false, published: 0, duplicates: 0 };
    for (;;) {
      const tick = await this.tick();
      total.ran ||= tick.ran;
      total.published += tick.published;
      total.duplicates += tick.duplicates;
      if (tick.failed) return { ...total, failed: true };
      if (!tick.ran || tick.published < this.batchSize) return total;
    }
  }

  /** One claim-publish-mark round in one short transaction. */
  async tick(): Promise<RelayTick> {
    const sent: PendingRow[] = [];
    const result = await this.claimPublishMark(sent);
    if (this.options.onPublished) for (const row of sent) this.options.onPublished(row.type, row.tenant_id);
    return result;
  }

  private claimPublishMark(sent: PendingRow[]): Promise<RelayTick> {
    const em = this.em.fork();
    return em.transactional(async (tx) => {
      // tx.execute (not getConnection().execute) runs inside this transaction. Sorting is off for
      // this transaction: the claim must walk the pending index in id order. With statistics taken
      // while the table was nearly empty (a burst after a quiet time), the planner otherwise
      // fetches and sorts every pending row on each claim (seen: 250 ms per claim at 100k rows).
      const [lock] = await tx.execute<{ locked: boolean }[]>(
        `select set_config('enable_sort', 'off', true), pg_try_advisory_xact_lock(hashtext(?)) as locked`,
        [this.lockKey],
      );
      if (!lock?.locked) return { ran: false, published: 0, duplicates: 0 };
      const rows = await tx.execute<PendingRow[]>(
        `select id, event_id, subject, type, tenant_id, payload::text as payload from ${this.table}
          where sent_at is null order by id limit ? for update skip locked`,
        [this.batchSize],
      );
      if (rows.length === 0) return { ran: true, published: 0, duplicates: 0 };
      let duplicates = 0;
      try {
        // Sent in order on one connection, so the stream stores them in order; acks awaited together.
        const acks = await Promise.all(
          rows.map((row) => this.publisher.publish(row.subject, row.event_id, row.payload)),
        );
        duplicates = acks.filter((ack) => ack.duplicate).length;
      } catch (error) {
        await tx.execute(
          `update ${this.table} set attempts = attempts + 1, last_error = ? where id = any(?::bigint[])`,
          [String(error instanceof Error ? error.message : error).slice(0, 1000), idArray(rows)],
        );
        this.options.onError?.(error);
        return { ran: true, published: 0, duplicates: 0, failed: true };
      }
      await tx.execute(
        `update ${this.table} set sent_at = now(), attempts = attempts + 1, last_error = null
          where id = any(?::bigint[])`,
        [idArray(rows)],
      );
      sent.push(...rows);
      return { ran: true, published: rows.length, duplicates };
    });
  }

  /** Unsent rows, for the readiness check and metrics. */
  async pendingCount(): Promise<number> {
    const [row] = await this.em
      .fork()
      .execute<{ n: string }[]>(`select count(*) as n from ${this.table} where sent_at is null`);
    return Number(row?.n ?? 0);
  }

  /** Seconds since the oldest unsent row was written (0 when none waits), for metrics. */
  async oldestPendingAgeSeconds(): Promise<number> {
    const [row] = await this.em.fork().execute<{ age: string | null }[]>(
      `select extract(epoch from now() - created_at) as age from ${this.table}
        where sent_at is null order by id limit 1`,
    );
    return Math.max(0, Number(row?.age ?? 0));
  }

  private unheardPollMs(): number {
    return Math.min(this.pollIntervalMs, this.options.listen?.unheardPollMs ?? 200);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.loop().finally(() => {
        this.running = null;
      });
    }, delayMs);
  }

  private async loop(): Promise<void> {
    let again = false;
    let failed = false;
    try {
      this.kicked = false;
      const result = await this.drain();
      again = this.kicked;
      if (!result.ran) again = false;
      failed = result.failed ?? false;
    } catch (error) {
      this.options.onError?.(error);
    }
    // After a failed publish the rows are retried soon, not at the safety poll: once NATS (or the
    // stream's leader) is back, they are published within a round, however long it was away.
    this.schedule(
      again
        ? 0
        : failed || (this.listener && !this.listener.listening)
          ? this.unheardPollMs()
          : this.pollIntervalMs,
    );
  }
}

/** The ids as one PostgreSQL array literal: one bound parameter instead of one per row. */
function idArray(rows: readonly PendingRow[]): string {
  return `{${rows.map((r) => r.id).join(',')}}`;
}
