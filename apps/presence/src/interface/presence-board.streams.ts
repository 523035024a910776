import {
  Inject,
  Injectable,
  Logger,
  ServiceUnavailableException,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { Metrics } from '@tp/platform';
import type { FastifyReply } from 'fastify';
import { Gauge } from 'prom-client';
import { PRESENCE_CONFIG, type PresenceConfig } from '../presence.config';
import {
  JetStreamPresenceFeed,
  type BoardFeed,
  type BoardMessage,
} from '../infrastructure/streaming/presence-board.feed';

/** A client that reads slower than this much buffered output is cut; it resumes with Last-Event-ID. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** How long a client waits before it reconnects (the SSE `retry:` field). */
const RETRY_MS = 2000;

/** One message in the text/event-stream format: the event's kind, its stream sequence, its JSON. */
function frame(message: BoardMessage): string {
  const { kind, id, ...data } = message;
  return `event: ${kind}\nid: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The live boards this replica serves (server-sent events): at most `PRESENCE_STREAM_MAX_CLIENTS`
 * at once, each with its own feed, a heartbeat comment every `PRESENCE_STREAM_HEARTBEAT_MS`, and
 * everything let go when the client leaves or the app shuts down.
 */
@Injectable()
export class PresenceBoardStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger(PresenceBoardStreams.name);
  private readonly open = new Set<() => void>();
  private readonly gauge: Gauge;

  constructor(
    private readonly feeds: JetStreamPresenceFeed,
    @Inject(PRESENCE_CONFIG) private readonly config: PresenceConfig,
    metrics: Metrics,
  ) {
    this.gauge = new Gauge({
      name: 'tp_presence_board_streams',
      help: 'Live presence boards (GET /v1/presence/stream) open on this replica.',
      registers: [metrics.registry],
    });
  }

  /** How many boards are open now. */
  get size(): number {
    return this.open.size;
  }

  async serve(tenantId: string, lastEventId: number | null, reply: FastifyReply): Promise<void> {
    if (this.open.size >= this.config.PRESENCE_STREAM_MAX_CLIENTS) {
      void reply.header('retry-after', '5');
      throw new ServiceUnavailableException({
        code: 'PRESENCE.TOO_MANY_STREAMS',
        message: 'this replica serves as many live boards as it may; try again in a few seconds',
      });
    }
    reply.hijack();
    const raw = reply.raw;
    // Exactly `text/event-stream` (no charset): proxies, the console's among them, recognise it so.
    raw.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff',
      // One stream per connection: when it ends, so does the connection (nothing lingers at shutdown).
      connection: 'close',
    });
    raw.write(`retry: ${RETRY_MS}\n\n`);

    let feed: BoardFeed | null = null;
    let ended = false;
    const write = (text: string) => {
      if (ended) return;
      raw.write(text);
      if (raw.writableLength > MAX_BUFFERED_BYTES) end();
    };
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), this.config.PRESENCE_STREAM_HEARTBEAT_MS);
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(heartbeat);
      feed?.close();
      this.open.delete(end);
      this.gauge.set(this.open.size);
      if (!raw.writableEnded) raw.end();
      raw.socket?.destroySoon();
    };
    this.open.add(end);
    this.gauge.set(this.open.size);
    raw.on('close', end); // the client went away (or we ended it)

    try {
      feed = await this.feeds.open(tenantId, lastEventId, (message) => write(frame(message)));
      if (ended) feed.close();
      else void feed.closed.then(end);
    } catch (error) {
      this.logger.warn(
        `a live board of tenant ${tenantId} could not start: ${error instanceof Error ? error.message : String(error)}`,
      );
      write(`event: unavailable\ndata: {"code":"PRESENCE.STREAM_UNAVAILABLE"}\n\n`);
      end();
    }
  }

  /** Ends every board, so that shutdown does not wait for clients that never leave. */
  beforeApplicationShutdown(): void {
    for (const end of [...this.open]) end();
  }
}
