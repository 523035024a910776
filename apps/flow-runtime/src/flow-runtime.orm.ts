import type { AppDefinition } from '@tp/platform';
import { FLOW_RUNTIME_MIGRATIONS } from './migrations';

/** The flow-runtime app's tables (besides the platform's outbox and inbox) and its migrations. */
export const flowRuntimeOrm: AppDefinition['orm'] = {
  entities: [],
  migrations: FLOW_RUNTIME_MIGRATIONS,
  migrationsPath: 'apps/flow-runtime/src/migrations',
};
