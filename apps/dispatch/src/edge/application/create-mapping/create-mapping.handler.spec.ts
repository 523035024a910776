import {
  FlowCheckUnavailable,
  FlowNotFound,
  FlowNotPublished,
  PhoneNumberTaken,
  PlatformTwilioAccountNotConfigured,
  TenantTwilioAccountNotSet,
} from '@tp/dispatch-domain';
import {
  ACME_NUMBER,
  contactPointsSetup,
  fields,
  FREE_NUMBER,
  GLOBEX_OWN,
  GLOBEX_SID,
  globexMapping,
  mappingAdminSetup,
  SID,
  TOKEN,
} from '../../../testing/edge-admin.fixture';
import { AssignContactPointCommand } from '../assign-contact-point/assign-contact-point.command';
import {
  ContactPointNotAssigned,
  NumberNotInTenantAccount,
  NumberOwnershipCheckUnavailable,
  TenantTwilioAccountRefused,
} from '../contact-points/contact-point.errors';
import { OwnedNumbersCredentialsRefused, OwnedNumbersUnavailable } from '../ports/owned-numbers.port';
import { SetTwilioAccountCommand } from '../set-twilio-account/set-twilio-account.command';
import { CreateMappingCommand } from './create-mapping.command';
import { CreateMappingHandler } from './create-mapping.handler';

describe(CreateMappingHandler.name, () => {
  const setup = mappingAdminSetup;

  it('maps a number to a published flow of the tenant', async () => {
    const { create, flows } = setup();

    const view = await create.execute(
      new CreateMappingCommand('acme', fields({ description: 'for agents' })),
    );

    expect(view).toEqual({
      id: expect.any(String),
      name: 'Second line - Timed Presence login',
      description: 'for agents',
      interactionType: 'voice',
      mappingType: 'contact-point',
      phoneNumber: '+14155550111',
      flowId: 'flow-2',
      twilioAccount: 'platform',
      active: true,
      version: 1,
      createdAt: '2026-11-24T10:00:00.000Z',
      updatedAt: '2026-11-24T10:00:00.000Z',
    });
    expect(flows.asked).toEqual([{ tenantId: 'acme', flowId: 'flow-2' }]);
  });

  it('refuses a number mapped already, without asking for the flow', async () => {
    const { create, flows } = setup();

    await expect(
      create.execute(new CreateMappingCommand('acme', fields({ phoneNumber: '+14155550100' }))),
    ).rejects.toThrow(PhoneNumberTaken);
    expect(flows.asked).toEqual([]);
  });

  it.each([
    ['a flow the tenant does not have', 'flow-9', FlowNotFound],
    ['a flow never published', 'draft', FlowNotPublished],
  ])('refuses %s', async (_case, flowId, error) => {
    const { create, mappings } = setup();

    await expect(create.execute(new CreateMappingCommand('acme', fields({ flowId })))).rejects.toThrow(error);
    await expect(mappings.findByPhoneNumber('+14155550111')).resolves.toBeNull();
  });

  it('saves nothing when flow-runtime does not answer', async () => {
    const { create, flows, mappings } = setup();
    flows.goDown();

    await expect(create.execute(new CreateMappingCommand('acme', fields()))).rejects.toThrow(
      FlowCheckUnavailable,
    );
    await expect(mappings.list('acme', { limit: 10, offset: 0 })).resolves.toMatchObject({ total: 1 });
  });

  it("needs the tenant's own account before a number can use it", async () => {
    const { create, setAccount } = setup();

    await expect(
      create.execute(new CreateMappingCommand('acme', fields({ twilioAccount: 'tenant' }))),
    ).rejects.toThrow(TenantTwilioAccountNotSet);
    await setAccount.execute(new SetTwilioAccountCommand('acme', SID, TOKEN));
    await expect(
      create.execute(new CreateMappingCommand('acme', fields({ twilioAccount: 'tenant' }))),
    ).resolves.toMatchObject({ twilioAccount: 'tenant' });
  });

  it('refuses the platform account where the installation has none', async () => {
    const { create } = setup({ platform: false });

    await expect(create.execute(new CreateMappingCommand('acme', fields()))).rejects.toThrow(
      PlatformTwilioAccountNotConfigured,
    );
  });
});

describe("a number on the platform's Twilio account, mapped", () => {
  const setup = contactPointsSetup;

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
});

describe("a number on the tenant's own Twilio account", () => {
  const setup = contactPointsSetup;

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
