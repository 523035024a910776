import type { AppDefinition } from '@tp/platform';
import { AgentPresenceSchema } from './infrastructure/persistence/agent-presence.record';
import { TimedSessionSchema } from './infrastructure/persistence/timed-session.record';
import { PRESENCE_MIGRATIONS } from './migrations';

/** The presence app's tables (besides the platform's outbox and inbox) and its migrations. */
export const presenceOrm: AppDefinition['orm'] = {
  entities: [AgentPresenceSchema, TimedSessionSchema],
  migrations: PRESENCE_MIGRATIONS,
  migrationsPath: 'apps/presence/src/migrations',
};
