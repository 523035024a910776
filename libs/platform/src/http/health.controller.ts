import { EntityManager } from '@mikro-orm/postgresql';
import { Controller, Get, Res } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { NatsConnections, type CheckableNatsConnection } from '../messaging/nats-connection';

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `live`: the process runs. `ready`: it can reach PostgreSQL and NATS on each of its NATS
 * connections (`nats` for JetStream and KV, `nats-rpc-server` and `nats-rpc-client` for
 * request/reply), so it may take traffic; from the first shutdown signal on it answers 503, so that
 * traffic goes elsewhere while the app drains.
 */
@Controller('health')
export class HealthController {
  private shuttingDown = false;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly em: EntityManager,
    private readonly nats: NatsConnections,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Called once on SIGTERM/SIGINT (see `runApp`): readiness is down from now on. */
  beginShutdown(): void {
    this.shuttingDown = true;
  }

  @Get('ready')
  @HealthCheck()
  async ready(
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<HealthCheckResult> {
    if (this.shuttingDown) {
      // Answered here rather than thrown: a draining app is expected, not an error to log per probe.
      reply.status(503);
      const down = { shutdown: { status: 'down' as const, message: 'shutting down' } };
      return { status: 'shutting_down', info: {}, error: down, details: down };
    }
    return this.health.check([
      async () => {
        const check = this.indicators.check('database');
        try {
          await within(1500, this.em.fork().execute('select 1'));
          return check.up();
        } catch (error) {
          return check.down({ message: error instanceof Error ? error.message : String(error) });
        }
      },
      ...this.nats.entries().map(
        ([role, connection]) =>
          () =>
            this.natsCheck(role, connection),
      ),
    ]);
  }

  /** A round trip to the server (PING/PONG) on one connection: a reconnecting one has none. */
  private async natsCheck(role: string, connection: CheckableNatsConnection) {
    const check = this.indicators.check(role === 'jetstream' ? 'nats' : `nats-${role}`);
    try {
      if (connection.isClosed()) throw new Error('connection closed');
      await within(1500, connection.flush());
      return check.up({ server: connection.getServer() });
    } catch (error) {
      return check.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
