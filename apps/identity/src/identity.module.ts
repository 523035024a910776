import { Module } from '@nestjs/common';
import {
  CallerDirectory,
  PinFailureLog,
  PinHasher,
  TenantRepository,
  UserRepository,
} from '@tp/identity-domain';
import { PlatformModule, TenantDirectory } from '@tp/platform';
import { AddExtensionHandler } from './application/add-extension/add-extension.handler';
import { CreateTenantHandler } from './application/create-tenant/create-tenant.handler';
import { GetTenantHandler } from './application/get-tenant/get-tenant.handler';
import { ListTenantsHandler } from './application/list-tenants/list-tenants.handler';
import { RenameTenantHandler } from './application/rename-tenant/rename-tenant.handler';
import { ClearPinHandler } from './application/clear-pin/clear-pin.handler';
import { CreateUserHandler } from './application/create-user/create-user.handler';
import { FindUserByPhoneHandler } from './application/find-user-by-phone/find-user-by-phone.handler';
import { GetUserHandler } from './application/get-user/get-user.handler';
import { GetUserContactHandler } from './application/get-user-contact/get-user-contact.handler';
import { IdentitySettings } from './application/identity.settings';
import { ListPinFailuresHandler } from './application/list-pin-failures/list-pin-failures.handler';
import { ListUsersHandler } from './application/list-users/list-users.handler';
import { RemoveExtensionHandler } from './application/remove-extension/remove-extension.handler';
import { SetPinHandler } from './application/set-pin/set-pin.handler';
import { SetSkillsHandler } from './application/set-skills/set-skills.handler';
import { SetUserStatusHandler } from './application/set-user-status/set-user-status.handler';
import { UpdateUserHandler } from './application/update-user/update-user.handler';
import { VerifyPinHandler } from './application/verify-pin/verify-pin.handler';
import { identitySettingsFromEnv } from './identity.config';
import { identityOrm } from './identity.orm';
import { MikroOrmPinFailureLog } from './infrastructure/persistence/mikro-orm-pin-failure.log';
import { MikroOrmUserRepository } from './infrastructure/persistence/mikro-orm-user.repository';
import { LocalTenantDirectory } from './infrastructure/persistence/local-tenant.directory';
import { MikroOrmTenantRepository } from './infrastructure/persistence/mikro-orm-tenant.repository';
import { SqlCallerDirectory } from './infrastructure/persistence/sql-caller.directory';
import { ScryptPinHasher } from './infrastructure/security/scrypt-pin.hasher';
import { IdentityNatsController } from './interface/identity.nats.controller';
import { TenantHttpController } from './interface/tenant.http.controller';
import { TenantNatsController } from './interface/tenant.nats.controller';
import { TenantsHttpController } from './interface/tenants.http.controller';
import { UserContactNatsController } from './interface/user-contact.nats.controller';
import { UserSkillsNatsController } from './interface/user-skills.nats.controller';
import { GetUserSkillsHandler } from './application/get-user-skills/get-user-skills.handler';
import { UserSkills } from './application/get-user-skills/user-skills.port';
import { SqlUserSkills } from './infrastructure/persistence/sql-user-skills';
import { CallerList } from './application/list-callers/caller-list.port';
import { ListCallersHandler } from './application/list-callers/list-callers.handler';
import { SqlCallerList } from './infrastructure/persistence/sql-caller.list';
import { UsersHttpController } from './interface/users.http.controller';

/** Composition root of the identity app: the one place that binds ports to adapters. */
@Module({
  imports: [
    PlatformModule.forApp({
      app: { name: 'identity', schema: 'identity' },
      context: 'identity',
      orm: identityOrm,
    }),
  ],
  controllers: [
    UsersHttpController,
    TenantHttpController,
    TenantsHttpController,
    IdentityNatsController,
    UserContactNatsController,
    UserSkillsNatsController,
    TenantNatsController,
  ],
  providers: [
    { provide: IdentitySettings, useFactory: () => identitySettingsFromEnv() },
    { provide: UserRepository, useClass: MikroOrmUserRepository },
    { provide: CallerDirectory, useClass: SqlCallerDirectory },
    { provide: UserSkills, useClass: SqlUserSkills },
    { provide: CallerList, useClass: SqlCallerList },
    ListCallersHandler,
    { provide: PinFailureLog, useClass: MikroOrmPinFailureLog },
    { provide: PinHasher, useClass: ScryptPinHasher },
    { provide: TenantRepository, useClass: MikroOrmTenantRepository },
    // The admin guard of identity's own routes asks the table, not NATS.
    { provide: TenantDirectory, useClass: LocalTenantDirectory },
    CreateUserHandler,
    GetUserHandler,
    ListUsersHandler,
    UpdateUserHandler,
    SetUserStatusHandler,
    AddExtensionHandler,
    RemoveExtensionHandler,
    SetSkillsHandler,
    SetPinHandler,
    ClearPinHandler,
    FindUserByPhoneHandler,
    VerifyPinHandler,
    ListPinFailuresHandler,
    GetUserContactHandler,
    GetUserSkillsHandler,
    CreateTenantHandler,
    ListTenantsHandler,
    GetTenantHandler,
    RenameTenantHandler,
  ],
})
export class IdentityModule {}
