import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import {
  ConfigValidationError,
  httpPortVariable,
  loadEnv,
  PlatformEnvSchema,
  type PlatformEnv,
} from '../config/env';
import { HealthController } from '../http/health.controller';
import {
  NatsConnections,
  natsConnectionOptions,
  type CheckableNatsConnection,
} from '../messaging/nats-connection';
import { HttpErrorFilter } from '../http/http-exception.filter';
import { Metrics } from '../observability/metrics';
import { createLogger } from '../observability/logger';
import { migrateApp, pendingMigrations } from '../persistence/migrate';
import type { AppOrmSettings } from '../persistence/orm-options';
import { withPlatformEntities } from '../nest/platform.module';
import { openApiDocument } from './openapi';
import { preflight, START_HINT } from './preflight';

export interface AppDefinition {
  name: string;
  /** One sentence for /docs and the logs. */
  description: string;
  schema: string;
  defaultPort: number;
  orm: Omit<AppOrmSettings, 'clientUrl' | 'schema'>;
  /** The app's root Nest module (its composition root). */
  module: unknown;
}

function fail(app: string, line: string): never {
  process.stderr.write(`${app}: ${line}\n`);
  process.exit(1);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long `wait-for-migrations` waits before it gives up (exit 1, so Kubernetes shows a restart). */
const MIGRATION_WAIT_MS = 10 * 60_000;

/**
 * `main.js wait-for-migrations`: returns once the app's schema has no pending migration (a
 * Kubernetes init container, while the migration Job of the release applies them).
 */
async function waitForMigrations(def: AppDefinition, settings: AppOrmSettings): Promise<void> {
  const deadline = Date.now() + MIGRATION_WAIT_MS;
  let said = '';
  for (;;) {
    const pending = await pendingMigrations(settings).catch((error: Error) => [`(${error.message})`]);
    if (pending.length === 0) {
      process.stdout.write(`${def.name}: schema "${def.schema}" is up to date\n`);
      return;
    }
    if (Date.now() > deadline) fail(def.name, `schema "${def.schema}" still behind: ${pending.join(', ')}`);
    const line = pending.join(', ');
    if (line !== said) process.stdout.write(`${def.name}: waiting for the migrations ${line}\n`);
    said = line;
    await sleep(2000);
  }
}

/**
 * Graceful shutdown on SIGTERM (Kubernetes) or SIGINT: readiness answers 503 at once, the app keeps
 * serving for `SHUTDOWN_DRAIN_MS` (asking keep-alive clients to reconnect elsewhere) so that load
 * balancers and endpoints notice, then Nest closes (background work stops, HTTP finishes its
 * in-flight requests, the NATS transport closes, NATS drains, the ORM closes) within
 * `SHUTDOWN_TIMEOUT_MS`, or the process exits 1 anyway.
 */
function shutDownGracefully(
  app: NestFastifyApplication,
  env: PlatformEnv,
  logger: ReturnType<typeof createLogger>,
): void {
  const health = app.get(HealthController);
  let draining = false;
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_request, reply, payload, done) => {
      if (draining) void reply.header('connection', 'close');
      done(null, payload);
    });
  const stop = async (signal: NodeJS.Signals) => {
    if (draining) return; // Ctrl-C reaches `npm start` and its apps alike: one shutdown is enough
    draining = true;
    health.beginShutdown();
    logger.log(`${signal}: not ready any more, serving for ${env.SHUTDOWN_DRAIN_MS} ms more, then closing`);
    await sleep(env.SHUTDOWN_DRAIN_MS);
    setTimeout(() => {
      logger.error(`shutdown took longer than SHUTDOWN_TIMEOUT_MS (${env.SHUTDOWN_TIMEOUT_MS} ms): exiting`);
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS).unref();
    try {
      await app.close();
      logger.log('stopped');
      process.exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, (s) => void stop(s));
}

export function ormSettings(def: AppDefinition, env: PlatformEnv): AppOrmSettings {
  return {
    ...def.orm,
    entities: withPlatformEntities(def.orm.entities),
    schema: def.schema,
    clientUrl: env.DATABASE_URL,
  };
}

/**
 * The one entry point of every app: `main.js` starts it, `main.js migrate` applies its migrations,
 * `main.js wait-for-migrations` waits until another process (a Kubernetes Job) has applied them.
 * Configuration and the reachability of PostgreSQL and NATS are checked first, and a problem is
 * one line that says how to fix it.
 */
export async function runApp(def: AppDefinition, argv: string[] = process.argv.slice(2)): Promise<void> {
  let env: PlatformEnv;
  try {
    env = loadEnv(PlatformEnvSchema);
  } catch (error) {
    if (error instanceof ConfigValidationError) fail(def.name, error.message);
    throw error;
  }
  const port = Number(process.env[httpPortVariable(def.name)] ?? def.defaultPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(def.name, `${httpPortVariable(def.name)} must be a port number`);

  const problems = await preflight(env.DATABASE_URL, env.NATS_URL);
  if (problems.length > 0) fail(def.name, `${problems.join('; ')}. ${START_HINT}`);

  const settings = ormSettings(def, env);
  if (argv[0] === 'wait-for-migrations') return waitForMigrations(def, settings);
  if (argv[0] === 'migrate') {
    const applied = await migrateApp(settings);
    process.stdout.write(
      `${def.name}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}\n`,
    );
    return;
  }
  const pending = await pendingMigrations(settings).catch((error: Error) => [`(${error.message})`]);
  if (pending.length > 0) {
    fail(
      def.name,
      `database schema "${def.schema}" is behind (${pending.join(', ')}): run \`npm run migrate\``,
    );
  }

  const logger = createLogger(def.name, env.LOG_LEVEL, env.LOG_FORMAT);
  const app = await NestFactory.create<NestFastifyApplication>(
    def.module as never,
    new FastifyAdapter({ trustProxy: true }),
    {
      logger,
      bufferLogs: true,
    },
  );
  app.useGlobalFilters(new HttpErrorFilter());
  const metrics = app.get(Metrics);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request, reply, done) => {
      metrics.httpRequests.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
  const document = openApiDocument(app, def);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  const rpcServer = app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: { ...natsConnectionOptions(env.NATS_URL, `${def.name}-rpc`), queue: def.name },
    },
    { inheritAppConfig: true },
  );
  shutDownGracefully(app, env, logger);
  // Handlers (CQRS, consumers) register while the app initialises: only then may requests come in.
  await app.init();
  await app.startAllMicroservices();
  app.get(NatsConnections).add('rpc-server', rpcServer.unwrap<CheckableNatsConnection>());
  await app.listen(port, env.HTTP_HOST);
  logger.log(
    `${def.name} ready on http://${env.HTTP_HOST}:${port} (health /health/ready, docs /docs, metrics /metrics)`,
  );
}
