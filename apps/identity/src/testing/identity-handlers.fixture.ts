// What the identity handlers' unit tests share: in-memory repositories, a fixed clock and the settings.
import { TimeZone } from '@tp/identity-domain';
import {
  aUser,
  FakePinHasher,
  FixedClock,
  InMemoryPinFailureLog,
  InMemoryTenantRepository,
  InMemoryUserRepository,
} from '@tp/fakes';
import { IdentitySettings } from '../application/identity.settings';

/** No tenant yet, and a clock at 2026-12-07 10:00 UTC. */
export function tenantAdminFixture(): { clock: FixedClock; tenants: InMemoryTenantRepository } {
  return { clock: new FixedClock('2026-12-07T10:00:00.000Z'), tenants: new InMemoryTenantRepository() };
}

/**
 * Two users of `acme`: `user-1` (Ann, aUser's default) with the number +12345678910 as extension
 * `x-1`, and `user-2` (Bob Other, +14158675309); no PIN, no failed attempt, UTC as the default time
 * zone and a clock at 2026-01-15 09:00 UTC.
 */
export function userAdminFixture() {
  return {
    settings: new IdentitySettings(TimeZone.UTC),
    clock: new FixedClock('2026-01-15T09:00:00.000Z'),
    users: new InMemoryUserRepository().seed(
      aUser().withPstn('+12345678910', { id: 'x-1' }).build(),
      aUser().withId('user-2').named('Bob Other').withEmail('bob@x.io').withPstn('+14158675309').build(),
    ),
    hasher: new FakePinHasher(),
    failures: new InMemoryPinFailureLog(),
  };
}
