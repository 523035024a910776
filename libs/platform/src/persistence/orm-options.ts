import type { MigrationObject } from '@mikro-orm/core';
import { defineConfig, type EntitySchema, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';

/** The schema of each app: one app's migrations must never see (and so never drop) another's. */
export const APP_SCHEMAS = ['identity', 'media', 'flow_runtime', 'dispatch', 'presence'] as const;

export interface AppOrmSettings {
  /** The app's own PostgreSQL schema: every table of the app lives there (one schema per app, ADR 2). */
  schema: string;
  clientUrl: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any, any>[];
  /** Listed explicitly (no globs), so the same config works under jest, tsc output and the CLI. */
  migrations: MigrationObject[];
  /** Where `migration:create` writes new TypeScript migrations (source tree, not dist). */
  migrationsPath?: string;
  poolMax?: number;
  debug?: boolean;
}

/** MikroORM options shared by every app: PostgreSQL, a schema per app, migrations, no global context. */
export function createOrmOptions(settings: AppOrmSettings): Options {
  return defineConfig({
    clientUrl: settings.clientUrl,
    schema: settings.schema,
    entities: settings.entities,
    extensions: [Migrator],
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: settings.poolMax ?? 10 },
    debug: settings.debug ?? false,
    discovery: { warnWhenNoEntities: false },
    schemaGenerator: { ignoreSchema: APP_SCHEMAS.filter((s) => s !== settings.schema) },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: settings.migrations,
      path: settings.migrationsPath,
      pathTs: settings.migrationsPath,
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      snapshot: true,
      snapshotName: '.snapshot',
      disableForeignKeys: false,
      silent: true,
    },
  });
}
