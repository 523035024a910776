import { mappingAdminSetup, SID, TOKEN } from '../../../testing/edge-admin.fixture';
import { SetTwilioAccountCommand } from '../set-twilio-account/set-twilio-account.command';
import { GetTwilioAccountHandler } from './get-twilio-account.handler';
import { GetTwilioAccountQuery } from './get-twilio-account.query';

describe(GetTwilioAccountHandler.name, () => {
  it("shows the tenant's own account, and another tenant's account as not configured", async () => {
    const { setAccount, getAccount } = mappingAdminSetup();
    await setAccount.execute(new SetTwilioAccountCommand('acme', SID, TOKEN));

    await expect(getAccount.execute(new GetTwilioAccountQuery('acme'))).resolves.toEqual({
      configured: true,
      accountSid: SID,
      updatedAt: '2026-11-24T10:00:00.000Z',
    });
    await expect(getAccount.execute(new GetTwilioAccountQuery('globex'))).resolves.toEqual({
      configured: false,
      accountSid: null,
      updatedAt: null,
    });
  });
});
