#!/usr/bin/env node
// Creates a new migration for one app from the difference between its entities and the committed
// snapshot: `npm run build && node scripts/migration-create.mjs presence [--initial]`.
// Register the new class in apps/<app>/src/migrations/index.ts afterwards.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const [app, flag] = process.argv.slice(2);
if (!app) {
  console.error('usage: node scripts/migration-create.mjs <app> [--initial]');
  process.exit(2);
}
const { MikroORM } = require('@mikro-orm/postgresql');
const {
  createOrmOptions,
  ormSettings,
  loadEnv,
  PlatformEnvSchema,
  ensureDatabase,
} = require('../dist/libs/platform/src');
const camel = app.replace(/-(.)/g, (_, c) => c.toUpperCase());
const def = require(`../dist/apps/${app}/src/${app}.app.js`)[`${camel}App`];
const settings = ormSettings(def, loadEnv(PlatformEnvSchema));
await ensureDatabase(settings.clientUrl);
const orm = await MikroORM.init(createOrmOptions(settings));
const result = await orm.migrator.createMigration(settings.migrationsPath, false, flag === '--initial');
console.log(result.fileName ? `created ${settings.migrationsPath}/${result.fileName}` : 'no changes');
await orm.close(true);
