import { MappingNotFound, MappingVersionMismatch, PhoneNumberTaken } from '@tp/dispatch-domain';
import {
  contactPointsSetup,
  EXISTING,
  fields,
  FREE_NUMBER,
  ACME_NUMBER,
  GLOBEX_SID,
  mappingAdminSetup,
} from '../../../testing/edge-admin.fixture';
import { ContactPointNotAssigned } from '../contact-points/contact-point.errors';
import { CreateMappingCommand } from '../create-mapping/create-mapping.command';
import { SetTwilioAccountCommand } from '../set-twilio-account/set-twilio-account.command';
import { UpdateMappingCommand } from './update-mapping.command';
import { UpdateMappingHandler } from './update-mapping.handler';

describe(UpdateMappingHandler.name, () => {
  const setup = mappingAdminSetup;

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

describe("a number on the platform's Twilio account, moved to", () => {
  const setup = contactPointsSetup;

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
