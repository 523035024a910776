import { MappingFieldInvalid, Secret } from '@tp/dispatch-domain';
import { loadEnv } from '@tp/platform';
import {
  aMapping,
  FakeFlowCatalog,
  FixedClock,
  InMemoryDispatchMappingRepository,
  InMemoryTwilioAccountRepository,
} from '@tp/fakes';
import { DispatchEnvSchema, type DispatchConfig } from '../../dispatch.config';
import { TwilioCredentialsSource } from '../../common/twilio-credentials.source';
import { FakeOwnedNumbers, InMemoryContactPointAssignments } from '../../testing';
import { AssignContactPointCommand } from './assign-contact-point/assign-contact-point.command';
import { AssignContactPointHandler } from './assign-contact-point/assign-contact-point.handler';
import {
  ContactPointAssignedElsewhere,
  ContactPointInUse,
  ContactPointNotAssigned,
  ContactPointNotFound,
  NumberNotInTenantAccount,
  NumberOwnershipCheckUnavailable,
  TenantIdInvalid,
  TenantTwilioAccountRefused,
} from './contact-points/contact-point.errors';
import { ContactPointPolicy } from './contact-points/contact-point.policy';
import { CreateMappingCommand } from './create-mapping/create-mapping.command';
import { CreateMappingHandler } from './create-mapping/create-mapping.handler';
import { DeleteMappingCommand } from './delete-mapping/delete-mapping.command';
import { DeleteMappingHandler } from './delete-mapping/delete-mapping.handler';
import { ListContactPointsHandler } from './list-contact-points/list-contact-points.handler';
import { ListContactPointsQuery } from './list-contact-points/list-contact-points.query';
import { MappingChecks } from './mapping-checks';
import { OwnedNumbersCredentialsRefused, OwnedNumbersUnavailable } from './ports/owned-numbers.port';
import { ReleaseContactPointCommand } from './release-contact-point/release-contact-point.command';
import { ReleaseContactPointHandler } from './release-contact-point/release-contact-point.handler';
import { SetTwilioAccountCommand } from './set-twilio-account/set-twilio-account.command';
import { SetTwilioAccountHandler } from './set-twilio-account/set-twilio-account.handler';
import { UpdateMappingCommand } from './update-mapping/update-mapping.command';
import { UpdateMappingHandler } from './update-mapping/update-mapping.handler';

const ACME_NUMBER = '+15550100100';
const FREE_NUMBER = '+15550100199';
const GLOBEX_SID = 'AC0123456789abcdef0123456789abcdef';
const GLOBEX_OWN = '+15550100300';
const EXISTING = '11111111-1111-4111-8111-111111111111';

function setup() {
  const config: DispatchConfig = {
    ...loadEnv(DispatchEnvSchema, {}),
    platformAccount: {
      owner: 'platform',
      accountSid: 'AC11111111111111111111111111111111',
      authToken: new Secret('platform'),
    },
  };
  const clock = new FixedClock('2026-12-07T16:00:00Z');
  const mappings = new InMemoryDispatchMappingRepository().seed(
    aMapping().forTenant('acme').withNumber(ACME_NUMBER).build(),
  );
  const accounts = new InMemoryTwilioAccountRepository();
  const flows = new FakeFlowCatalog().withFlow('acme', 'flow-1').withFlow('globex', 'flow-9');
  const assignments = new InMemoryContactPointAssignments().assign('acme', ACME_NUMBER);
  const owned = new FakeOwnedNumbers().own(GLOBEX_SID, GLOBEX_OWN);
  const credentials = new TwilioCredentialsSource(config, accounts);
  const checks = new MappingChecks(
    mappings,
    accounts,
    credentials,
    flows,
    new ContactPointPolicy(assignments, credentials, owned),
  );
  return {
    mappings,
    owned,
    assignments,
    create: new CreateMappingHandler(mappings, checks, clock),
    update: new UpdateMappingHandler(mappings, checks, clock),
    remove: new DeleteMappingHandler(mappings),
    setAccount: new SetTwilioAccountHandler(accounts, clock),
    assign: new AssignContactPointHandler(assignments, clock),
    release: new ReleaseContactPointHandler(assignments, mappings),
    list: new ListContactPointsHandler(assignments),
  };
}

const globexMapping = (phoneNumber: string, twilioAccount?: string) =>
  new CreateMappingCommand('globex', {
    name: 'Globex line',
    phoneNumber,
    flowId: 'flow-9',
    ...(twilioAccount ? { twilioAccount } : {}),
  });

describe("a number on the platform's Twilio account", () => {
  it.each([
    ['assigned to another tenant', ACME_NUMBER],
    ['assigned to no tenant', FREE_NUMBER],
  ])('cannot be mapped by a tenant when %s, and nothing is written', async (_case, phoneNumber) => {
    const { create, mappings } = setup();

    const refused = create.execute(globexMapping(phoneNumber));

    await expect(refused).rejects.toThrow(ContactPointNotAssigned);
    await expect(refused).rejects.toMatchObject({
      message: `${phoneNumber} is not assigned to this tenant: ask the platform operator`,
      details: { field: 'phoneNumber' },
    });
    await expect(mappings.list('globex', { limit: 10, offset: 0 })).resolves.toMatchObject({ total: 0 });
  });

  it('can be mapped by the tenant it is assigned to', async () => {
    const { create, assign } = setup();
    await assign.execute(new AssignContactPointCommand('+1 555 010 0200', 'globex', 'operator'));

    await expect(create.execute(globexMapping('+15550100200'))).resolves.toMatchObject({
      phoneNumber: '+15550100200',
      twilioAccount: 'platform',
    });
  });

  it('cannot be moved to by an update, nor switched onto from the tenant account, unless assigned', async () => {
    const { update, mappings, setAccount, owned } = setup();

    await expect(
      update.execute(new UpdateMappingCommand('acme', EXISTING, { phoneNumber: FREE_NUMBER })),
    ).rejects.toThrow(ContactPointNotAssigned);
    await expect(mappings.find('acme', EXISTING)).resolves.toMatchObject({ phoneNumber: ACME_NUMBER });

    await setAccount.execute(new SetTwilioAccountCommand('acme', GLOBEX_SID, 'f'.repeat(32)));
    owned.own(GLOBEX_SID, FREE_NUMBER);
    await update.execute(
      new UpdateMappingCommand('acme', EXISTING, { phoneNumber: FREE_NUMBER, twilioAccount: 'tenant' }),
    );
    await expect(
      update.execute(new UpdateMappingCommand('acme', EXISTING, { twilioAccount: 'platform' })),
    ).rejects.toThrow(ContactPointNotAssigned);
    await expect(mappings.find('acme', EXISTING)).resolves.toMatchObject({ twilioAccount: 'tenant' });
  });
});

describe("a number on the tenant's own Twilio account", () => {
  async function withOwnAccount() {
    const context = setup();
    await context.setAccount.execute(new SetTwilioAccountCommand('globex', GLOBEX_SID, 'f'.repeat(32)));
    return context;
  }

  it('is mapped when Twilio says that account owns it', async () => {
    const { create, owned } = await withOwnAccount();

    await expect(create.execute(globexMapping(GLOBEX_OWN, 'tenant'))).resolves.toMatchObject({
      phoneNumber: GLOBEX_OWN,
      twilioAccount: 'tenant',
    });
    expect(owned.asked).toEqual([{ accountSid: GLOBEX_SID, phoneNumber: GLOBEX_OWN }]);
  });

  it('is refused when the account does not own it, and nothing is written', async () => {
    const { create, mappings } = await withOwnAccount();

    const refused = create.execute(globexMapping(ACME_NUMBER, 'tenant'));

    await expect(refused).rejects.toThrow(NumberNotInTenantAccount);
    await expect(refused).rejects.toMatchObject({
      message: `the tenant's Twilio account (${GLOBEX_SID}) does not own ${ACME_NUMBER}`,
      details: { field: 'phoneNumber' },
    });
    await expect(mappings.list('globex', { limit: 10, offset: 0 })).resolves.toMatchObject({ total: 0 });
  });

  it.each([
    [
      'Twilio cannot be reached',
      new OwnedNumbersUnavailable('Twilio not reachable: ECONNREFUSED'),
      NumberOwnershipCheckUnavailable,
    ],
    ['Twilio refuses the credentials', new OwnedNumbersCredentialsRefused(), TenantTwilioAccountRefused],
  ])('is refused with a clear error when %s, and nothing is written', async (_case, failure, error) => {
    const { create, mappings, owned } = await withOwnAccount();
    owned.failWith = failure;

    await expect(create.execute(globexMapping(GLOBEX_OWN, 'tenant'))).rejects.toThrow(error);
    await expect(mappings.list('globex', { limit: 10, offset: 0 })).resolves.toMatchObject({ total: 0 });
  });
});

describe('the platform operator assigning numbers', () => {
  it('assigns a free number once; again to the same tenant changes nothing', async () => {
    const { assign } = setup();

    const first = await assign.execute(
      new AssignContactPointCommand('+1-555-010-0199', 'globex', 'ops-anna'),
    );
    const again = await assign.execute(new AssignContactPointCommand(FREE_NUMBER, 'globex', 'ops-ben'));

    expect(first).toEqual({
      created: true,
      view: {
        phoneNumber: FREE_NUMBER,
        tenantId: 'globex',
        assignedAt: '2026-12-07T16:00:00.000Z',
        assignedBy: 'ops-anna',
      },
    });
    expect(again).toEqual({ created: false, view: first.view });
  });

  it.each([
    ['a number of another tenant', ACME_NUMBER, 'globex', ContactPointAssignedElsewhere],
    ['a tenant id that cannot be one', FREE_NUMBER, 'Globex Inc', TenantIdInvalid],
    ['a number that is not E.164', '555-0100', 'globex', MappingFieldInvalid],
  ])('refuses %s', async (_case, phoneNumber, tenantId, error) => {
    const { assign, assignments } = setup();

    await expect(assign.execute(new AssignContactPointCommand(phoneNumber, tenantId, 'ops'))).rejects.toThrow(
      error,
    );
    await expect(assignments.find(ACME_NUMBER)).resolves.toMatchObject({ tenantId: 'acme' });
  });

  it('releases a number only once its tenant no longer maps it, after which the tenant cannot map it', async () => {
    const { release, remove, create, assignments } = setup();

    await expect(release.execute(new ReleaseContactPointCommand(ACME_NUMBER))).rejects.toThrow(
      ContactPointInUse,
    );
    await remove.execute(new DeleteMappingCommand('acme', EXISTING));
    await release.execute(new ReleaseContactPointCommand(ACME_NUMBER));

    await expect(assignments.find(ACME_NUMBER)).resolves.toBeNull();
    await expect(release.execute(new ReleaseContactPointCommand(ACME_NUMBER))).rejects.toThrow(
      ContactPointNotFound,
    );
    await expect(
      create.execute(
        new CreateMappingCommand('acme', { name: 'Back', phoneNumber: ACME_NUMBER, flowId: 'flow-1' }),
      ),
    ).rejects.toThrow(ContactPointNotAssigned);
  });

  it("lists assignments by number, all or one tenant's", async () => {
    const { assign, list } = setup();
    await assign.execute(new AssignContactPointCommand('+15550100400', 'globex', 'ops'));
    await assign.execute(new AssignContactPointCommand('+15550100050', 'globex', 'ops'));

    const all = await list.execute(new ListContactPointsQuery(10, 0));
    const globex = await list.execute(new ListContactPointsQuery(1, 1, 'globex'));

    expect(all.items.map((c) => `${c.phoneNumber} ${c.tenantId}`)).toEqual([
      '+15550100050 globex',
      '+15550100100 acme',
      '+15550100400 globex',
    ]);
    expect(globex).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ phoneNumber: '+15550100400' }] });
  });
});
