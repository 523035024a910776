import type { AppDefinition } from '@tp/platform';
import { DISPATCH_MIGRATIONS } from './migrations';

/** The dispatch app's tables (besides the platform's outbox and inbox) and its migrations. */
export const dispatchOrm: AppDefinition['orm'] = {
  entities: [],
  migrations: DISPATCH_MIGRATIONS,
  migrationsPath: 'apps/dispatch/src/migrations',
};
