import type { INestApplication, Type } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import {
  HttpErrorFilter,
  loadEnv,
  migrateApp,
  mintAdminToken,
  mintPlatformAdminToken,
  ormSettings,
  PlatformEnvSchema,
  type AppDefinition,
} from '@tp/platform';
import { createMigratedTestDatabase, TEST_NATS_URL } from './integration-env';

export interface TestApp {
  app: NestFastifyApplication;
  databaseUrl: string;
  /** A bearer credential for a tenant, signed as the app expects. */
  tokenFor(tenantId: string): string;
  /** A platform admin credential (`scope: 'platform'`), signed as the app expects. */
  platformToken(): string;
  close(): Promise<void>;
}

/**
 * Boots one app as `runApp` does (migrated database of its own, copied from the migrated template
 * when there is one, Fastify, the error filter, the NATS
 * microservice with the app's queue group) for an integration test; `customize` may override
 * providers (a FixedClock, say). HTTP goes through `app.inject`.
 */
export async function startTestApp(
  def: AppDefinition,
  customize: (builder: TestingModuleBuilder) => TestingModuleBuilder = (b) => b,
): Promise<TestApp> {
  // A copy of the migrated template under `npm test` (migrating then finds nothing to do), else
  // an empty database this migrates.
  const db = await createMigratedTestDatabase(def.name);
  process.env.DATABASE_URL = db.url;
  process.env.NATS_URL = TEST_NATS_URL;
  const env = loadEnv(PlatformEnvSchema);
  await migrateApp(ormSettings(def, env));
  Logger.overrideLogger(['error']);
  const moduleRef = await customize(Test.createTestingModule({ imports: [def.module as Type] })).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
    logger: ['error'],
  });
  app.useGlobalFilters(new HttpErrorFilter());
  app.connectMicroservice<MicroserviceOptions>(
    { transport: Transport.NATS, options: { servers: [TEST_NATS_URL], queue: def.name } },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    databaseUrl: db.url,
    tokenFor: (tenantId) =>
      mintAdminToken(env.AUTH_JWT_SECRET, {
        tenantId,
        subject: 'test',
        issuer: env.AUTH_JWT_ISSUER,
        ttlSeconds: 600,
      }),
    platformToken: () =>
      mintPlatformAdminToken(env.AUTH_JWT_SECRET, {
        subject: 'test-operator',
        issuer: env.AUTH_JWT_ISSUER,
        ttlSeconds: 600,
      }),
    close: async () => {
      await (app as INestApplication).close();
      await db.drop();
    },
  };
}
