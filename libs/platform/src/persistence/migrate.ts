import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmOptions, type AppOrmSettings } from './orm-options';

/**
 * Options for running (not creating) migrations: the migrator would otherwise store a schema
 * snapshot into the source tree after each run; only `migration:create` should write it.
 */
function runOptions(settings: AppOrmSettings) {
  const options = createOrmOptions(settings);
  return { ...options, migrations: { ...options.migrations, snapshot: false } };
}
import { ensureDatabase } from './database';

/** Applies the app's pending migrations (a deploy step, and part of `npm start`). Returns their names. */
export async function migrateApp(settings: AppOrmSettings): Promise<string[]> {
  await ensureDatabase(settings.clientUrl);
  const orm = await MikroORM.init(runOptions(settings));
  try {
    const applied = await orm.migrator.up();
    return applied.map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}

/** Names of migrations not yet applied (an app refuses to start on a schema that is behind). */
export async function pendingMigrations(settings: AppOrmSettings): Promise<string[]> {
  const orm = await MikroORM.init(runOptions(settings));
  try {
    return (await orm.migrator.getPendingMigrations()).map((m) => m.name);
  } finally {
    await orm.close(true);
  }
}
