import type { AppDefinition } from '@tp/platform';
import { IDENTITY_MIGRATIONS } from './migrations';

/** The identity app's tables (besides the platform's outbox and inbox) and its migrations. */
export const identityOrm: AppDefinition['orm'] = {
  entities: [],
  migrations: IDENTITY_MIGRATIONS,
  migrationsPath: 'apps/identity/src/migrations',
};
