import type { AppDefinition } from '@tp/platform';
import { PromptSchema } from './infrastructure/persistence/prompt.record';
import { MEDIA_MIGRATIONS } from './migrations';

/** The media app's tables (besides the platform's outbox and inbox) and its migrations. */
export const mediaOrm: AppDefinition['orm'] = {
  entities: [PromptSchema],
  migrations: MEDIA_MIGRATIONS,
  migrationsPath: 'apps/media/src/migrations',
};
