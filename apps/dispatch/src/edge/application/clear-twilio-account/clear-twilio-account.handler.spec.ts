import { TenantTwilioAccountInUse } from '@tp/dispatch-domain';
import { EXISTING, mappingAdminSetup, SID, TOKEN } from '../../../testing/edge-admin.fixture';
import { SetTwilioAccountCommand } from '../set-twilio-account/set-twilio-account.command';
import { UpdateMappingCommand } from '../update-mapping/update-mapping.command';
import { ClearTwilioAccountCommand } from './clear-twilio-account.command';
import { ClearTwilioAccountHandler } from './clear-twilio-account.handler';

describe(ClearTwilioAccountHandler.name, () => {
  const setup = mappingAdminSetup;

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
