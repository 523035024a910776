import {
  FlowCheckUnavailable,
  FlowNotFound,
  FlowNotPublished,
  MappingNotFound,
  MappingVersionMismatch,
  PhoneNumberTaken,
  PlatformTwilioAccountNotConfigured,
  Secret,
  TenantTwilioAccountInUse,
  TenantTwilioAccountNotSet,
} from '@tp/dispatch-domain';
import { loadEnv } from '@tp/platform';
import {
  aMapping,
  FakeFlowCatalog,
  FixedClock,
  InMemoryDispatchMappingRepository,
  InMemoryTwilioAccountRepository,
} from '@tp/fakes';
import { DispatchEnvSchema, type DispatchConfig } from '../../dispatch.config';
import { FakeOwnedNumbers, InMemoryContactPointAssignments } from '../../testing';
import { ContactPointPolicy } from './contact-points/contact-point.policy';
import { ClearTwilioAccountCommand } from './clear-twilio-account/clear-twilio-account.command';
import { ClearTwilioAccountHandler } from './clear-twilio-account/clear-twilio-account.handler';
import { CreateMappingCommand, type CreateMappingFields } from './create-mapping/create-mapping.command';
import { CreateMappingHandler } from './create-mapping/create-mapping.handler';
import { DeleteMappingCommand } from './delete-mapping/delete-mapping.command';
import { DeleteMappingHandler } from './delete-mapping/delete-mapping.handler';
import { GetMappingQuery } from './get-mapping/get-mapping.query';
import { GetMappingHandler } from './get-mapping/get-mapping.handler';
import { GetTwilioAccountQuery } from './get-twilio-account/get-twilio-account.query';
import { GetTwilioAccountHandler } from './get-twilio-account/get-twilio-account.handler';
import { ListMappingsQuery } from './list-mappings/list-mappings.query';
import { ListMappingsHandler } from './list-mappings/list-mappings.handler';
import { MappingChecks } from './mapping-checks';
import { SetTwilioAccountCommand } from './set-twilio-account/set-twilio-account.command';
import { SetTwilioAccountHandler } from './set-twilio-account/set-twilio-account.handler';
import { TwilioCredentialsSource } from '../../common/twilio-credentials.source';
import { UpdateMappingCommand } from './update-mapping/update-mapping.command';
import { UpdateMappingHandler } from './update-mapping/update-mapping.handler';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'fedcba9876543210fedcba9876543210';
const EXISTING = '11111111-1111-4111-8111-111111111111';

function setup(options: { platform?: boolean } = {}) {
  const config: DispatchConfig = {
    ...loadEnv(DispatchEnvSchema, {}),
    platformAccount:
      options.platform === false
        ? null
        : {
            owner: 'platform',
            accountSid: 'AC11111111111111111111111111111111',
            authToken: new Secret('platform'),
          },
  };
  const clock = new FixedClock('2026-11-24T10:00:00Z');
  const mappings = new InMemoryDispatchMappingRepository().seed(aMapping().build());
  const accounts = new InMemoryTwilioAccountRepository();
  const flows = new FakeFlowCatalog()
    .withFlow('acme', 'flow-1')
    .withFlow('acme', 'flow-2', 4, 'Second line')
    .withFlow('acme', 'draft', null, 'Draft')
    .withFlow('globex', 'flow-9');
  const credentials = new TwilioCredentialsSource(config, accounts);
  // The operator gave acme these numbers of the platform's account; acme's own account owns them too.
  const contactPoints = new InMemoryContactPointAssignments().assign('acme', '+14155550100', '+14155550111');
  const owned = new FakeOwnedNumbers().own(SID, '+14155550100', '+14155550111');
  const policy = new ContactPointPolicy(contactPoints, credentials, owned);
  const checks = new MappingChecks(mappings, accounts, credentials, flows, policy);
  return {
    clock,
    mappings,
    accounts,
    flows,
    create: new CreateMappingHandler(mappings, checks, clock),
    update: new UpdateMappingHandler(mappings, checks, clock),
    remove: new DeleteMappingHandler(mappings),
    get: new GetMappingHandler(mappings),
    list: new ListMappingsHandler(mappings),
    setAccount: new SetTwilioAccountHandler(accounts, clock),
    clearAccount: new ClearTwilioAccountHandler(accounts, mappings),
    getAccount: new GetTwilioAccountHandler(accounts),
  };
}

const fields = (extra: Partial<CreateMappingFields> = {}): CreateMappingFields => ({
  name: 'Second line - Timed Presence login',
  phoneNumber: '+1-415-555-0111',
  flowId: 'flow-2',
  ...extra,
});

describe(CreateMappingHandler.name, () => {
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

describe(UpdateMappingHandler.name, () => {
  it('changes what differs, checking a new flow', async () => {
    const { update, flows } = setup();

    const view = await update.execute(
      new UpdateMappingCommand('acme', EXISTING, { name: 'Renamed', flowId: 'flow-2' }),
    );

    expect(view).toMatchObject({ name: 'Renamed', flowId: 'flow-2', version: 2 });
    expect(flows.asked).toEqual([{ tenantId: 'acme', flowId: 'flow-2' }]);
  });

  it('checks the flow again when a mapping is switched back on', async () => {
    const { update, flows } = setup();
    await update.execute(new UpdateMappingCommand('acme', EXISTING, { active: false }));
    expect(flows.asked).toEqual([]);

    await expect(
      update.execute(new UpdateMappingCommand('acme', EXISTING, { active: true })),
    ).resolves.toMatchObject({
      active: true,
      version: 3,
    });
    expect(flows.asked).toEqual([{ tenantId: 'acme', flowId: 'flow-1' }]);
  });

  it('writes nothing and checks nothing when nothing changes', async () => {
    const { update, flows } = setup();

    await expect(
      update.execute(
        new UpdateMappingCommand('acme', EXISTING, { phoneNumber: '+1 415 555 0100', active: true }),
      ),
    ).resolves.toMatchObject({ version: 1 });
    expect(flows.asked).toEqual([]);
  });

  it('moves a number only to a free one', async () => {
    const { create, update } = setup();
    await create.execute(new CreateMappingCommand('acme', fields()));

    await expect(
      update.execute(new UpdateMappingCommand('acme', EXISTING, { phoneNumber: '+14155550111' })),
    ).rejects.toThrow(PhoneNumberTaken);
  });

  it("answers 404 for another tenant's mapping, and refuses an edit over an unseen change", async () => {
    const { update } = setup();

    await expect(update.execute(new UpdateMappingCommand('globex', EXISTING, { name: 'x' }))).rejects.toThrow(
      MappingNotFound,
    );
    await expect(
      update.execute(new UpdateMappingCommand('acme', EXISTING, { name: 'x' }, 7)),
    ).rejects.toThrow(MappingVersionMismatch);
  });
});

describe('reading and deleting mappings', () => {
  it('gets, lists a page at a time, and deletes within the tenant', async () => {
    const { create, get, list, remove } = setup();
    await create.execute(new CreateMappingCommand('acme', fields({ name: 'B line' })));

    await expect(get.execute(new GetMappingQuery('acme', EXISTING))).resolves.toMatchObject({
      phoneNumber: '+14155550100',
    });
    await expect(get.execute(new GetMappingQuery('globex', EXISTING))).rejects.toThrow(MappingNotFound);
    const page = await list.execute(new ListMappingsQuery('acme', 1, 1));
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.items.map((m) => m.name)).toEqual(['B line']);

    await expect(remove.execute(new DeleteMappingCommand('globex', EXISTING))).rejects.toThrow(
      MappingNotFound,
    );
    await remove.execute(new DeleteMappingCommand('acme', EXISTING));
    await expect(get.execute(new GetMappingQuery('acme', EXISTING))).rejects.toThrow(MappingNotFound);
  });
});

describe("the tenant's own Twilio account", () => {
  it('is set, shown without its token, and replaced', async () => {
    const { setAccount, getAccount } = setup();
    await expect(getAccount.execute(new GetTwilioAccountQuery('acme'))).resolves.toEqual({
      configured: false,
      accountSid: null,
      updatedAt: null,
    });

    const view = await setAccount.execute(new SetTwilioAccountCommand('acme', SID, TOKEN));

    expect(view).toEqual({ configured: true, accountSid: SID, updatedAt: '2026-11-24T10:00:00.000Z' });
    expect(JSON.stringify(await getAccount.execute(new GetTwilioAccountQuery('acme')))).not.toContain(TOKEN);
  });

  it('cannot be removed while a mapping uses it; removing none is fine', async () => {
    const { setAccount, clearAccount, update, accounts } = setup();
    await clearAccount.execute(new ClearTwilioAccountCommand('acme'));
    await setAccount.execute(new SetTwilioAccountCommand('acme', SID, TOKEN));
    await update.execute(new UpdateMappingCommand('acme', EXISTING, { twilioAccount: 'tenant' }));

    await expect(clearAccount.execute(new ClearTwilioAccountCommand('acme'))).rejects.toThrow(
      TenantTwilioAccountInUse,
    );

    await update.execute(new UpdateMappingCommand('acme', EXISTING, { twilioAccount: 'platform' }));
    await clearAccount.execute(new ClearTwilioAccountCommand('acme'));
    await expect(accounts.find('acme')).resolves.toBeNull();
  });
});
