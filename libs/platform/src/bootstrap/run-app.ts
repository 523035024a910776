import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  ConfigValidationError,
  httpPortVariable,
  loadEnv,
  PlatformEnvSchema,
  type PlatformEnv,
} from '../config/env';
import { HttpErrorFilter } from '../http/http-exception.filter';
import { Metrics } from '../observability/metrics';
import { createLogger } from '../observability/logger';
import { migrateApp, pendingMigrations } from '../persistence/migrate';
import type { AppOrmSettings } from '../persistence/orm-options';
import { withPlatformEntities } from '../nest/platform.module';
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

export function ormSettings(def: AppDefinition, env: PlatformEnv): AppOrmSettings {
  return {
    ...def.orm,
    entities: withPlatformEntities(def.orm.entities),
    schema: def.schema,
    clientUrl: env.DATABASE_URL,
  };
}

/**
 * The one entry point of every app: `main.js` starts it, `main.js migrate` applies its migrations.
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
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`Timed Presence: ${def.name}`)
      .setDescription(def.description)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: { servers: env.NATS_URL.split(','), queue: def.name, name: `${def.name}-rpc` },
    },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // Graceful shutdown (relay stopped, NATS drained, ORM closed) gets a deadline, then we go anyway.
    process.once(signal, () => setTimeout(() => process.exit(1), env.SHUTDOWN_TIMEOUT_MS).unref());
  }
  await app.startAllMicroservices();
  await app.listen(port, '0.0.0.0');
  logger.log(
    `${def.name} ready on http://127.0.0.1:${port} (health /health/ready, docs /docs, metrics /metrics)`,
  );
}
