import type { AppDefinition } from '@tp/platform';
import { PRESENCE_MIGRATIONS } from './migrations';

/** The presence app's tables (besides the platform's outbox and inbox) and its migrations. */
export const presenceOrm: AppDefinition['orm'] = {
  entities: [],
  migrations: PRESENCE_MIGRATIONS,
  migrationsPath: 'apps/presence/src/migrations',
};
