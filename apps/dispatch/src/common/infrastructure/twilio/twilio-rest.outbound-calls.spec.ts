import { Secret, type TwilioCredentials } from '@tp/dispatch-domain';
import { startTwilioRestDouble, type TwilioRestDouble } from '@tp/twilio-simulator';
import { OutboundCallRefused } from '../../ports/outbound-calls.port';
import type { DispatchConfig } from '../../../dispatch.config';
import { TwilioRestOutboundCalls } from './twilio-rest.outbound-calls';

const SID = 'AC0123456789abcdef0123456789abcdef';
const credentials = (token: string): TwilioCredentials => ({
  owner: 'platform',
  accountSid: SID,
  authToken: new Secret(token),
});
const request = (token = 'right') => ({
  credentials: credentials(token),
  to: '+14155550101',
  from: '+14155550100',
  url: 'https://voice.example.com/twilio/offer/screen',
  statusCallback: 'https://voice.example.com/twilio/offer/status',
  timeoutS: 20,
});

describe('TwilioRestOutboundCalls against a double of Twilio REST', () => {
  let twilio: TwilioRestDouble;
  let calls: TwilioRestOutboundCalls;

  beforeAll(async () => {
    twilio = await startTwilioRestDouble({ [SID]: 'right' });
    calls = new TwilioRestOutboundCalls({ twilioApiBaseUrl: twilio.url } as DispatchConfig);
  });

  afterAll(() => twilio.close());

  it('places the call and answers its CallSid', async () => {
    const { callSid } = await calls.place(request());

    expect(callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(twilio.calls.at(-1)?.params).toMatchObject({ To: '+14155550101', Timeout: '20' });
  });

  it('blames the number when Twilio refuses it (400, 21211), and not when it refuses our credentials (401)', async () => {
    twilio.failNext(400, 21211, "The 'To' number is not a valid phone number.");
    const badNumber = await calls.place(request()).catch((e: unknown) => e);
    const badToken = await calls.place(request('revoked')).catch((e: unknown) => e);

    expect(badNumber).toBeInstanceOf(OutboundCallRefused);
    expect(badNumber).toMatchObject({ status: 400, twilioCode: 21211, blamesTheNumber: true });
    expect(badToken).toBeInstanceOf(OutboundCallRefused);
    expect(badToken).toMatchObject({ status: 401, twilioCode: 20003, blamesTheNumber: false });
  });

  it.each([
    [429, 20429, 'Too Many Requests'],
    [503, 20503, 'Service Unavailable'],
  ])('passes a %i on as a failure worth retrying, not a refusal', async (status, code, message) => {
    twilio.failNext(status, code, message);

    const error = await calls.place(request()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(OutboundCallRefused);
  });
});
