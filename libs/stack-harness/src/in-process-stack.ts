/**
 * The whole stack inside the test's process, on a clock of the test's choosing: the five apps'
 * Nest modules, each built as `runApp` builds it (Fastify, the error filter, the NATS microservice
 * with the app's queue group, HTTP on a free port) but with the `Clock` port bound to one clock
 * they all share, against one database and one NATS server, with dispatch pointed at a Twilio REST
 * double. For what the process stack (stack.ts) cannot do: live through a moment other than now,
 * such as a daylight-saving night. Nothing in the apps changes: the clock is an override of a
 * provider, as in the integration tests. A lib never imports an app, so the caller passes the
 * apps' definitions.
 */
import { Logger, type Type } from '@nestjs/common';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import { Clock } from '@tp/ddd';
import {
  HttpErrorFilter,
  loadEnv,
  migrateApp,
  NatsConnections,
  natsConnectionOptions,
  ormSettings,
  PlatformEnvSchema,
  type AppDefinition,
  type CheckableNatsConnection,
} from '@tp/platform';
import { startTwilioRestDouble } from '@tp/twilio-simulator';
import {
  AUTH_JWT_ISSUER,
  freeTcpPort,
  STACK_APPS,
  stackCredentials,
  type Stack,
  type StackApp,
} from './stack';

export interface InProcessStackOptions {
  /** The five apps' definitions (`apps/<app>/src/<app>.app.ts`), in the order they start. */
  apps: Record<StackApp, AppDefinition>;
  /** The clock every app reads time from, in place of the system's. */
  clock: Clock;
  databaseUrl: string;
  /** The database already holds every app's current schema (a copy of a migrated one): skip migrating. */
  migrated?: boolean;
  natsUrl: string;
  /** Variables for every app, over the stack's own (LOG_LEVEL `warn`, SHUTDOWN_DRAIN_MS 0). */
  env?: Record<string, string>;
}

/** What a test of the process stack uses, less what needs processes (stopping, pausing one app). */
export type InProcessStack = Pick<
  Stack,
  | 'urls'
  | 'ports'
  | 'publicBaseUrl'
  | 'dispatchUrls'
  | 'twilio'
  | 'twilioRest'
  | 'token'
  | 'platformToken'
  | 'stop'
> & {
  /** One app's Nest application (to read a provider's state, say). */
  app(name: StackApp): NestFastifyApplication;
};

/**
 * Boots one app's module with the clock bound, as `runApp` would, and listens on `port`.
 * Configuration is read from `process.env` while the module is built, as in production.
 */
async function startApp(def: AppDefinition, port: number, clock: Clock, natsUrl: string) {
  const moduleRef = await Test.createTestingModule({ imports: [def.module as Type] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    new FastifyAdapter({ trustProxy: true }),
    {
      logger: ['error', 'warn'],
    },
  );
  app.useGlobalFilters(new HttpErrorFilter());
  const rpcServer = app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: { ...natsConnectionOptions(natsUrl, `${def.name}-rpc`), queue: def.name },
    },
    { inheritAppConfig: true },
  );
  try {
    await app.init();
    await app.startAllMicroservices();
    app.get(NatsConnections).add('rpc-server', rpcServer.unwrap<CheckableNatsConnection>());
    await app.listen(port, '127.0.0.1');
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/** Starts the five apps in this process on `options.clock`; resolves once every one listens. */
export async function startInProcessStack(options: InProcessStackOptions): Promise<InProcessStack> {
  const twilio = {
    accountSid: `AC${randomBytes(16).toString('hex')}`,
    authToken: randomBytes(16).toString('hex'),
  };
  const twilioRest = await startTwilioRestDouble({ [twilio.accountSid]: twilio.authToken });
  const ports = {} as Record<StackApp, number>;
  for (const app of STACK_APPS) ports[app] = await freeTcpPort();
  const url = (app: StackApp) => `http://127.0.0.1:${ports[app]}`;
  const publicBaseUrl = url('dispatch');
  const authJwtSecret = randomBytes(32).toString('hex');
  // One process, one environment: every app's settings, dispatch's included (the others ignore them).
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    AUTH_JWT_SECRET: authJwtSecret,
    AUTH_JWT_ISSUER,
    NATS_URL: options.natsUrl,
    LOG_LEVEL: 'warn',
    SHUTDOWN_DRAIN_MS: '0',
    PUBLIC_BASE_URL: publicBaseUrl,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_API_BASE_URL: twilioRest.url,
    ...options.env,
  };
  const saved = new Map(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  const restoreEnv = () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };

  Logger.overrideLogger(['error', 'warn']);
  const running = new Map<StackApp, NestFastifyApplication>();
  const stop = async (): Promise<void> => {
    for (const name of [...running.keys()].reverse()) {
      await running.get(name)!.close();
      running.delete(name);
    }
    await twilioRest.close();
    restoreEnv();
  };
  try {
    if (!options.migrated) {
      for (const app of STACK_APPS)
        await migrateApp(ormSettings(options.apps[app], loadEnv(PlatformEnvSchema)));
    }
    for (const name of STACK_APPS) {
      running.set(name, await startApp(options.apps[name], ports[name], options.clock, options.natsUrl));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    urls: {
      identity: url('identity'),
      media: url('media'),
      flowRuntime: url('flow-runtime'),
      presence: url('presence'),
      dispatch: url('dispatch'),
    },
    ports,
    publicBaseUrl,
    dispatchUrls: [publicBaseUrl],
    twilio,
    twilioRest,
    ...stackCredentials(authJwtSecret),
    app: (name) => {
      const app = running.get(name);
      if (!app) throw new Error(`${name} is not running`);
      return app;
    },
    stop,
  };
}
