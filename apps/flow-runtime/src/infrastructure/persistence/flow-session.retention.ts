import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Clock } from '@tp/ddd';
import { FLOW_RUNTIME_CONFIG, type FlowRuntimeConfig } from '../../flow-runtime.config';

const SESSION = '"flow_runtime"."flow_session"';
const EVERY_MS = 3_600_000;
const BATCH = 1000;

/**
 * Deletes sessions older than `FLOW_RUNTIME_SESSION_RETENTION_DAYS` once an hour, a thousand rows
 * per statement (short transactions). A session is needed only while its call lasts (and for
 * retried webhooks); the rest is history. Every replica runs it: deleting twice deletes nothing more.
 */
@Injectable()
export class FlowSessionRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(FlowSessionRetention.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    @Inject(FLOW_RUNTIME_CONFIG) private readonly config: FlowRuntimeConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.sweep().catch((error: unknown) =>
        this.logger.warn(
          `session retention failed, will retry: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }, EVERY_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Deletes the sessions created before the retention period; answers how many. */
  async sweep(now: Date = this.clock.now()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.FLOW_RUNTIME_SESSION_RETENTION_DAYS * 86_400_000);
    let deleted = 0;
    for (;;) {
      const rows = await this.em
        .fork()
        .execute<unknown[]>(
          `delete from ${SESSION} where id in (select id from ${SESSION} where created_at < ? limit ${BATCH}) returning 1`,
          [cutoff],
        );
      deleted += rows.length;
      if (rows.length < BATCH) return deleted;
    }
  }
}
