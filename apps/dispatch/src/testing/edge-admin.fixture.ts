// What the unit tests of the edge's administration handlers (mappings, the tenant's Twilio account,
// contact points) share: the handlers wired on in-memory fakes, in two worlds.
import { Secret } from '@tp/dispatch-domain';
import { loadEnv } from '@tp/platform';
import {
  aMapping,
  FakeFlowCatalog,
  FixedClock,
  InMemoryDispatchMappingRepository,
  InMemoryTwilioAccountRepository,
} from '@tp/fakes';
import { DispatchEnvSchema, type DispatchConfig } from '../dispatch.config';
import { TwilioCredentialsSource } from '../common/twilio-credentials.source';
import { AssignContactPointHandler } from '../edge/application/assign-contact-point/assign-contact-point.handler';
import { ClearTwilioAccountHandler } from '../edge/application/clear-twilio-account/clear-twilio-account.handler';
import { ContactPointPolicy } from '../edge/application/contact-points/contact-point.policy';
import {
  CreateMappingCommand,
  type CreateMappingFields,
} from '../edge/application/create-mapping/create-mapping.command';
import { CreateMappingHandler } from '../edge/application/create-mapping/create-mapping.handler';
import { DeleteMappingHandler } from '../edge/application/delete-mapping/delete-mapping.handler';
import { GetMappingHandler } from '../edge/application/get-mapping/get-mapping.handler';
import { GetTwilioAccountHandler } from '../edge/application/get-twilio-account/get-twilio-account.handler';
import { ListContactPointsHandler } from '../edge/application/list-contact-points/list-contact-points.handler';
import { ListMappingsHandler } from '../edge/application/list-mappings/list-mappings.handler';
import { MappingChecks } from '../edge/application/mapping-checks';
import { ReleaseContactPointHandler } from '../edge/application/release-contact-point/release-contact-point.handler';
import { SetTwilioAccountHandler } from '../edge/application/set-twilio-account/set-twilio-account.handler';
import { UpdateMappingHandler } from '../edge/application/update-mapping/update-mapping.handler';
import { FakeOwnedNumbers } from './fake-owned-numbers';
import { InMemoryContactPointAssignments } from './in-memory-contact-point-assignments';

/** The id of the mapping each world starts with. */
export const EXISTING = '11111111-1111-4111-8111-111111111111';

/** The fakes both worlds are made of; the mapping handlers, their checks and the account handler on them. */
function mappingWorld(
  clockAt: string,
  mapping: ReturnType<typeof aMapping>,
  flows: FakeFlowCatalog,
  contactPoints: InMemoryContactPointAssignments,
  owned: FakeOwnedNumbers,
  platform = true,
) {
  const config: DispatchConfig = {
    ...loadEnv(DispatchEnvSchema, {}),
    platformAccount: platform
      ? {
          owner: 'platform',
          accountSid: 'AC11111111111111111111111111111111',
          authToken: new Secret('platform'),
        }
      : null,
  };
  const clock = new FixedClock(clockAt);
  const mappings = new InMemoryDispatchMappingRepository().seed(mapping.build());
  const accounts = new InMemoryTwilioAccountRepository();
  const credentials = new TwilioCredentialsSource(config, accounts);
  const checks = new MappingChecks(
    mappings,
    accounts,
    credentials,
    flows,
    new ContactPointPolicy(contactPoints, credentials, owned),
  );
  return {
    clock,
    mappings,
    accounts,
    flows,
    owned,
    create: new CreateMappingHandler(mappings, checks, clock),
    update: new UpdateMappingHandler(mappings, checks, clock),
    remove: new DeleteMappingHandler(mappings),
    setAccount: new SetTwilioAccountHandler(accounts, clock),
  };
}

// The mapping administration world.

/** The tenant's own Twilio account (SID and token) in the mapping administration world. */
export const SID = 'AC0123456789abcdef0123456789abcdef';
export const TOKEN = 'fedcba9876543210fedcba9876543210';

/**
 * acme maps +14155550100 to flow-1 (the mapping `EXISTING`); flow-runtime knows acme's flow-1 and
 * flow-2 (published) and draft (never published), and globex's flow-9. The operator gave acme
 * +14155550100 and +14155550111 of the platform's account; acme's own account (`SID`) owns them too.
 */
export function mappingAdminSetup(options: { platform?: boolean } = {}) {
  const world = mappingWorld(
    '2026-11-24T10:00:00Z',
    aMapping(),
    new FakeFlowCatalog()
      .withFlow('acme', 'flow-1')
      .withFlow('acme', 'flow-2', 4, 'Second line')
      .withFlow('acme', 'draft', null, 'Draft')
      .withFlow('globex', 'flow-9'),
    new InMemoryContactPointAssignments().assign('acme', '+14155550100', '+14155550111'),
    new FakeOwnedNumbers().own(SID, '+14155550100', '+14155550111'),
    options.platform !== false,
  );
  return {
    ...world,
    get: new GetMappingHandler(world.mappings),
    list: new ListMappingsHandler(world.mappings),
    clearAccount: new ClearTwilioAccountHandler(world.accounts, world.mappings),
    getAccount: new GetTwilioAccountHandler(world.accounts),
  };
}

/** acme's second line, to flow-2, in the mapping administration world. */
export const fields = (extra: Partial<CreateMappingFields> = {}): CreateMappingFields => ({
  name: 'Second line - Timed Presence login',
  phoneNumber: '+1-415-555-0111',
  flowId: 'flow-2',
  ...extra,
});

// The contact points world.

export const ACME_NUMBER = '+15550100100';
export const FREE_NUMBER = '+15550100199';
/** globex's own Twilio account, and a number it owns. */
export const GLOBEX_SID = 'AC0123456789abcdef0123456789abcdef';
export const GLOBEX_OWN = '+15550100300';

/**
 * acme maps `ACME_NUMBER` (the mapping `EXISTING`), which the operator assigned to it;
 * `FREE_NUMBER` is assigned to nobody; globex's own account (`GLOBEX_SID`) owns `GLOBEX_OWN`.
 */
export function contactPointsSetup() {
  const assignments = new InMemoryContactPointAssignments().assign('acme', ACME_NUMBER);
  const world = mappingWorld(
    '2026-12-07T16:00:00Z',
    aMapping().forTenant('acme').withNumber(ACME_NUMBER),
    new FakeFlowCatalog().withFlow('acme', 'flow-1').withFlow('globex', 'flow-9'),
    assignments,
    new FakeOwnedNumbers().own(GLOBEX_SID, GLOBEX_OWN),
  );
  return {
    ...world,
    assignments,
    assign: new AssignContactPointHandler(assignments, world.clock),
    release: new ReleaseContactPointHandler(assignments, world.mappings),
    list: new ListContactPointsHandler(assignments),
  };
}

/** globex mapping a number to its flow-9, on the account given (by default the platform's). */
export const globexMapping = (phoneNumber: string, twilioAccount?: string) =>
  new CreateMappingCommand('globex', {
    name: 'Globex line',
    phoneNumber,
    flowId: 'flow-9',
    ...(twilioAccount ? { twilioAccount } : {}),
  });
