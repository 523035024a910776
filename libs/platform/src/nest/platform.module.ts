import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ClientsModule, Transport, type ClientProxy } from '@nestjs/microservices';
import { TerminusModule } from '@nestjs/terminus';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { Clock, SystemClock } from '@tp/ddd';
import type { BoundedContext } from '@tp/contracts';
import { PlatformAdminGuard } from '../auth/platform-admin.guard';
import { TenantAdminGuard } from '../auth/tenant-admin.guard';
import { NatsTenantDirectory, TenantDirectory } from '../auth/tenant-directory';
import { loadEnv, PlatformEnvSchema, type PlatformEnv } from '../config/env';
import { HealthController } from '../http/health.controller';
import { EventPublisher } from '../messaging/event-publisher.port';
import { JetStreamEventPublisher } from '../messaging/jetstream-event.publisher';
import {
  connectNats,
  NatsConnections,
  natsConnectionOptions,
  type CheckableNatsConnection,
} from '../messaging/nats-connection';
import { ProcessedEventSchema } from '../messaging/processed-event.record';
import { Metrics, MetricsController } from '../observability/metrics';
import { OutboxMessageSchema } from '../outbox/outbox-message.record';
import { OUTBOX_CONTEXT, OutboxRelayService } from '../outbox/outbox-relay.service';
import { createOrmOptions, type AppOrmSettings } from '../persistence/orm-options';
import {
  APP_INFO,
  JETSTREAM,
  JETSTREAM_MANAGER,
  NATS_CONNECTION,
  PLATFORM_ENV,
  type AppInfo,
} from './tokens';

/** Nest's NATS transport client (core request/reply), for calling other apps' contracts. */
export const NATS_RPC_CLIENT = 'NATS_RPC_CLIENT';

export interface PlatformOptions {
  /** The app's name and schema. */
  app: AppInfo;
  /** The context whose events this app publishes through its outbox. */
  context: BoundedContext;
  orm: Omit<AppOrmSettings, 'clientUrl' | 'schema'>;
}

/** The platform tables every app has in its schema: the outbox and the consumers' inbox. */
export const PLATFORM_ENTITIES = [OutboxMessageSchema, ProcessedEventSchema];

/** An app's entities with the platform's tables added (each once). */
export function withPlatformEntities(entities: AppOrmSettings['entities']): AppOrmSettings['entities'] {
  return [...PLATFORM_ENTITIES, ...entities.filter((e) => !PLATFORM_ENTITIES.includes(e))];
}

@Global()
@Module({})
class PlatformConfigModule {
  static register(app: AppInfo): DynamicModule {
    return {
      module: PlatformConfigModule,
      providers: [
        { provide: PLATFORM_ENV, useFactory: () => loadEnv(PlatformEnvSchema) },
        { provide: APP_INFO, useValue: app },
      ],
      exports: [PLATFORM_ENV, APP_INFO],
    };
  }
}

class NatsLifecycle implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }
}

/**
 * Connects Nest's request/reply client at start-up (it would otherwise connect on the first request)
 * and hands its connection to readiness.
 */
class RpcClientLifecycle implements OnApplicationBootstrap {
  constructor(
    @Inject(NATS_RPC_CLIENT) private readonly client: ClientProxy,
    private readonly connections: NatsConnections,
  ) {}
  async onApplicationBootstrap(): Promise<void> {
    await this.client.connect();
    this.connections.add('rpc-client', this.client.unwrap<CheckableNatsConnection>());
  }
}

/**
 * The composition of everything an app shares: config, MikroORM on the app's schema, NATS (v3 for
 * JetStream, Nest's transport for request/reply), the outbox relay, health, metrics, the admin guard.
 */
@Global()
@Module({})
export class PlatformModule {
  static forApp(options: PlatformOptions): DynamicModule {
    const config = PlatformConfigModule.register(options.app);
    return {
      module: PlatformModule,
      imports: [
        config,
        MikroOrmModule.forRootAsync({
          imports: [config],
          inject: [PLATFORM_ENV],
          useFactory: (env: PlatformEnv) => ({
            ...createOrmOptions({
              ...options.orm,
              entities: withPlatformEntities(options.orm.entities),
              schema: options.app.schema,
              clientUrl: env.DATABASE_URL,
              poolMax: env.DATABASE_POOL_MAX,
            }),
            registerRequestContext: true,
          }),
          driver: PostgreSqlDriver,
        }),
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        CqrsModule.forRoot(),
        ClientsModule.registerAsync([
          {
            name: NATS_RPC_CLIENT,
            imports: [config],
            inject: [PLATFORM_ENV],
            useFactory: (env: PlatformEnv) => ({
              transport: Transport.NATS,
              options: natsConnectionOptions(env.NATS_URL, `${options.app.name}-rpc-client`),
            }),
          },
        ]),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: Clock, useClass: SystemClock },
        NatsConnections,
        {
          provide: NATS_CONNECTION,
          inject: [PLATFORM_ENV, NatsConnections],
          useFactory: async (env: PlatformEnv, connections: NatsConnections) => {
            const nc = await connectNats(env.NATS_URL, options.app.name);
            connections.add('jetstream', nc);
            return nc;
          },
        },
        { provide: JETSTREAM, inject: [NATS_CONNECTION], useFactory: (nc: NatsConnection) => jetstream(nc) },
        {
          provide: JETSTREAM_MANAGER,
          inject: [NATS_CONNECTION],
          useFactory: (nc: NatsConnection) => jetstreamManager(nc),
        },
        {
          provide: EventPublisher,
          inject: [NATS_CONNECTION],
          useFactory: (nc: NatsConnection) => new JetStreamEventPublisher(nc),
        },
        { provide: OUTBOX_CONTEXT, useValue: options.context },
        NatsLifecycle,
        RpcClientLifecycle,
        Metrics,
        OutboxRelayService,
        { provide: TenantDirectory, useClass: NatsTenantDirectory },
        TenantAdminGuard,
        PlatformAdminGuard,
      ],
      exports: [
        Clock,
        NATS_CONNECTION,
        NatsConnections,
        JETSTREAM,
        JETSTREAM_MANAGER,
        EventPublisher,
        Metrics,
        OutboxRelayService,
        TenantDirectory,
        TenantAdminGuard,
        PlatformAdminGuard,
        ClientsModule,
        CqrsModule,
      ],
    };
  }
}
