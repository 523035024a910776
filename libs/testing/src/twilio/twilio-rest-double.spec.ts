import twilio from 'twilio';
import { startTwilioRestDouble, type TwilioRestDouble } from './twilio-rest-double';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'fedcba9876543210fedcba9876543210';

/** The SDK's own client, sent to the double by rewriting the origin of each request. */
function clientFor(double: TwilioRestDouble, token = TOKEN) {
  type Options<T> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & { data?: T };
  class ToDouble extends twilio.RequestClient {
    override request<T>(opts: Options<T>) {
      const uri = new URL(opts.uri);
      return super.request<T>({ ...opts, uri: `${double.url}${uri.pathname}${uri.search}` });
    }
  }
  return twilio(SID, token, { httpClient: new ToDouble() });
}

describe(startTwilioRestDouble.name, () => {
  let double: TwilioRestDouble;

  beforeAll(async () => {
    double = await startTwilioRestDouble({ [SID]: TOKEN });
  });

  afterAll(() => double.close());

  it('records a call placed through the twilio SDK and answers a queued call', async () => {
    const call = await clientFor(double).calls.create({
      to: '+14155550123',
      from: '+14155550100',
      url: 'https://voice.example.com/twilio/notice?notice=n-1',
      statusCallback: 'https://voice.example.com/twilio/status',
      statusCallbackEvent: ['initiated', 'completed'],
    });

    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(call.status).toBe('queued');
    expect(double.calls.at(-1)).toEqual({
      accountSid: SID,
      sid: call.sid,
      params: expect.objectContaining({
        To: '+14155550123',
        From: '+14155550100',
        Url: 'https://voice.example.com/twilio/notice?notice=n-1',
        StatusCallback: 'https://voice.example.com/twilio/status',
        StatusCallbackEvent: ['initiated', 'completed'],
      }),
    });
  });

  it('refuses wrong credentials as Twilio does (401, 20003)', async () => {
    const attempt = clientFor(double, 'wrong').calls.create({ to: '+1', from: '+1', url: 'https://x' });
    await expect(attempt).rejects.toMatchObject({ status: 401, code: 20003 });
    expect(double.unauthorized).toBe(1);
  });

  it('answers a scripted error once', async () => {
    double.failNext(400, 21211, "The 'To' number is not a valid phone number.");
    await expect(
      clientFor(double).calls.create({ to: 'x', from: '+1', url: 'https://x' }),
    ).rejects.toMatchObject({
      status: 400,
      code: 21211,
    });
    await expect(
      clientFor(double).calls.create({ to: '+1', from: '+1', url: 'https://x' }),
    ).resolves.toMatchObject({
      status: 'queued',
    });
  });
});
