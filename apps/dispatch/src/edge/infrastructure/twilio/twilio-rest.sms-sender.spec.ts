import { Secret } from '@tp/dispatch-domain';
import { startTwilioRestDouble, type TwilioRestDouble } from '@tp/twilio-simulator';
import type { DispatchConfig } from '../../../dispatch.config';
import { SmsRefused } from '../../application/ports/sms.ports';
import { TwilioRestSmsSender } from './twilio-rest.sms-sender';

const SID = 'AC0123456789abcdef0123456789abcdef';
const request = (token = 'right', body = 'You go offline at 18:00.') => ({
  credentials: { owner: 'platform' as const, accountSid: SID, authToken: new Secret(token) },
  to: '+14155550101',
  from: '+14155550100',
  body,
});

describe('TwilioRestSmsSender against a double of Twilio REST', () => {
  let twilio: TwilioRestDouble;
  let sender: TwilioRestSmsSender;

  beforeAll(async () => {
    twilio = await startTwilioRestDouble({ [SID]: 'right' });
    sender = new TwilioRestSmsSender({ twilioApiBaseUrl: twilio.url } as DispatchConfig);
  });

  afterAll(() => twilio.close());

  it('sends the SMS as the account that owns the sender and answers its MessageSid', async () => {
    const { messageSid } = await sender.send(request());

    expect(messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilio.messages.at(-1)).toMatchObject({
      accountSid: SID,
      sid: messageSid,
      to: '+14155550101',
      from: '+14155550100',
      body: 'You go offline at 18:00.',
    });
  });

  it('turns a refusal into SmsRefused (bad credentials, an empty body)', async () => {
    await expect(sender.send(request('revoked'))).rejects.toEqual(expect.any(SmsRefused));
    await expect(sender.send(request('revoked'))).rejects.toMatchObject({ status: 401, twilioCode: 20003 });
    await expect(sender.send(request('right', ''))).rejects.toMatchObject({ status: 400, twilioCode: 21602 });
  });
});
