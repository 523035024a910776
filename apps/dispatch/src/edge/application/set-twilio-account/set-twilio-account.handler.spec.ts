import { GetTwilioAccountQuery } from '../get-twilio-account/get-twilio-account.query';
import { mappingAdminSetup, SID, TOKEN } from '../../../testing/edge-admin.fixture';
import { SetTwilioAccountCommand } from './set-twilio-account.command';
import { SetTwilioAccountHandler } from './set-twilio-account.handler';

describe(SetTwilioAccountHandler.name, () => {
  const setup = mappingAdminSetup;

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
});
