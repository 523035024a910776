import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { PgListener } from '@tp/platform';
import { DISPATCH_CONFIG, type DispatchConfig } from '../../../dispatch.config';
import { SendDueRemindersCommand } from '../../application/send-due-reminders/send-due-reminders.command';
import { AgentWindows } from '../../application/ports/sms.ports';

/** What `sms_window`'s trigger notifies when a reminder's due time is set (migration 20261207221500). */
export const SMS_REMINDER_CHANNEL = 'tp_dispatch_sms_reminder';
/** The longest sleep (a safety net: a notification lost with its connection). */
const SAFETY_INTERVAL_MS = 60_000;
/** The sleep cap while not listening (a new reminder would go unheard). */
const UNHEARD_INTERVAL_MS = 1000;
const BATCH = 50;
const CLAIMED_ELSEWHERE_MS = 250;

/**
 * Sends reminders when due, on every replica, sleeping until the next due time in between (ADR 25):
 * after each round it reads the earliest due time and sleeps until then (at most a minute); the
 * trigger on `sms_window` notifies whenever a reminder is set or moved, and the scheduler looks
 * again. Replicas claim disjoint reminders, so each goes out at most once.
 */
@Injectable()
export class SmsReminderScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SmsReminderScheduler.name);
  private readonly listener: PgListener;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private woken = false;
  private stopped = true;

  constructor(
    em: EntityManager,
    private readonly windows: AgentWindows,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    @Inject(DISPATCH_CONFIG) config: DispatchConfig,
  ) {
    this.listener = new PgListener({
      // PostgreSQL itself, as routing's listeners (DISPATCH_ROUTING_COPY_LISTEN_URL): a pooler drops LISTEN.
      connectionString: config.routingAgentCopy.listenUrl ?? em.config.getClientUrl(),
      applicationName: 'dispatch-sms-reminders',
      channels: [SMS_REMINDER_CHANNEL],
      onNotification: () => this.wake(),
      onListening: () => this.wake(),
      onLost: () => this.wake(),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    this.wake();
    await this.listener.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.listener.stop();
    await this.running;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.woken = true;
      return;
    }
    this.running = this.round().finally(() => (this.running = null));
  }

  private async round(): Promise<void> {
    let delay = SAFETY_INTERVAL_MS;
    try {
      for (;;) {
        this.woken = false;
        while ((await this.commands.execute(new SendDueRemindersCommand(BATCH))) === BATCH);
        const next = await this.windows.nextDue();
        const wait = next === null ? Infinity : next.getTime() - this.clock.now().getTime();
        const cap = this.listener.listening ? SAFETY_INTERVAL_MS : UNHEARD_INTERVAL_MS;
        // Due now yet not claimed: another replica holds it; look again shortly.
        delay = wait <= 0 ? CLAIMED_ELSEWHERE_MS : Math.min(wait, cap);
        if (!this.woken || this.stopped) break;
      }
    } catch (error) {
      delay = UNHEARD_INTERVAL_MS;
      this.logger.warn(
        `reminder round failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    this.schedule(delay);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.wake();
    }, delayMs);
  }
}
