import { Logger } from '@nestjs/common';
import { Client } from 'pg';

export interface PgListenerOptions {
  /** The database to listen on (the app's own `DATABASE_URL`). */
  connectionString: string;
  /** Channels to `LISTEN` on; plain identifiers (letters, digits, underscores). */
  channels: readonly string[];
  /** Shown in `pg_stat_activity.application_name`. */
  applicationName: string;
  /** Hears each notification, on any channel. */
  onNotification: (channel: string, payload: string) => void;
  /**
   * Hears each (re)connection, once `LISTEN` is in place: notifications sent while disconnected are
   * lost, so a listener catches up here.
   */
  onListening?: () => void;
  /** Hears the loss of the connection (it reconnects by itself). */
  onLost?: (reason: string) => void;
  /** First reconnect delay (doubling up to `maxReconnectMs`). */
  reconnectMs?: number;
  maxReconnectMs?: number;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

/**
 * One dedicated PostgreSQL connection that `LISTEN`s on a few channels for the life of the process,
 * reconnecting (and listening again) whenever it is lost. The ORM's pool is not for this: a pooled
 * connection is handed to other work and its `LISTEN` would be lost or misplaced.
 */
export class PgListener {
  private readonly logger = new Logger(PgListener.name);
  private client: Client | null = null;
  private listeningNow = false;
  private stopped = true;
  private delayMs: number;
  private timer: NodeJS.Timeout | null = null;
  /** Connections made so far (1 after the first), for tests and metrics. */
  connections = 0;

  constructor(private readonly options: PgListenerOptions) {
    for (const channel of options.channels)
      if (!CHANNEL.test(channel)) throw new Error(`bad channel name ${channel}`);
    this.delayMs = options.reconnectMs ?? 250;
  }

  /** Whether `LISTEN` is in place now (notifications are being heard). */
  get listening(): boolean {
    return this.listeningNow;
  }

  /** The PostgreSQL backend of the listening connection (`pg_stat_activity.pid`), if listening. */
  get pid(): number | null {
    return this.listeningNow
      ? ((this.client as unknown as { processID?: number } | null)?.processID ?? null)
      : null;
  }

  /** Connects; a failure is retried in the background (resolves either way). */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    this.listeningNow = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: this.options.applicationName,
    });
    const lost = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      this.listeningNow = false;
      client.end().catch(() => undefined);
      if (this.stopped) return;
      const reason = error instanceof Error ? error.message : 'connection ended';
      this.options.onLost?.(reason);
      this.logger.warn(`stopped listening on ${this.options.channels.join(', ')} (${reason}); reconnecting`);
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) =>
      this.options.onNotification(message.channel, message.payload ?? ''),
    );
    this.client = client;
    try {
      await client.connect();
      for (const channel of this.options.channels) await client.query(`listen ${channel}`);
      if (this.client !== client) return;
      this.listeningNow = true;
      this.connections += 1;
      this.delayMs = this.options.reconnectMs ?? 250;
      this.options.onListening?.();
    } catch (error) {
      lost(error);
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.delayMs);
    this.timer.unref();
    this.delayMs = Math.min(this.options.maxReconnectMs ?? 10_000, this.delayMs * 2);
  }
}
