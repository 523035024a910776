import { PLATFORM_ENTITIES, type AppDefinition } from '@tp/platform';
import { PinFailureSchema } from './infrastructure/persistence/pin-failure.record';
import { TenantSchema } from './infrastructure/persistence/tenant.record';
import { UserExtensionSchema } from './infrastructure/persistence/user-extension.record';
import { UserSchema } from './infrastructure/persistence/user.record';
import { IDENTITY_MIGRATIONS } from './migrations';

/** The identity app's tables (with the platform's outbox and inbox) and its migrations. */
export const identityOrm: AppDefinition['orm'] = {
  entities: [...PLATFORM_ENTITIES, UserSchema, UserExtensionSchema, PinFailureSchema, TenantSchema],
  migrations: IDENTITY_MIGRATIONS,
  migrationsPath: 'apps/identity/src/migrations',
};
