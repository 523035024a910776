import { createServer, type Server } from 'node:http';
import twilio from 'twilio';
import { postInboundSms } from './messages.double';
import { startTwilioRestDouble, type TwilioRestDouble } from './twilio-rest-double';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'fedcba9876543210fedcba9876543210';

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

describe('the Messages API of the REST double, and inbound SMS', () => {
  let double: TwilioRestDouble;

  beforeAll(async () => {
    double = await startTwilioRestDouble({ [SID]: TOKEN });
  });

  afterAll(() => double.close());

  it('records an SMS sent through the twilio SDK and refuses bad credentials', async () => {
    const message = await clientFor(double).messages.create({
      to: '+14155550123',
      from: '+14155550100',
      body: 'You go offline at 18:00.',
    });

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(double.messages.at(-1)).toMatchObject({
      accountSid: SID,
      sid: message.sid,
      to: '+14155550123',
      from: '+14155550100',
      body: 'You go offline at 18:00.',
    });
    await expect(
      clientFor(double, 'wrong-token').messages.create({ to: '+1415', from: '+1415', body: 'x' }),
    ).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('posts an inbound SMS signed as Twilio signs it, and reads the <Message> answer', async () => {
    let valid = false;
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(body));
        valid = twilio.validateRequest(
          TOKEN,
          String(req.headers['x-twilio-signature']),
          'https://voice.example.com/twilio/sms',
          params,
        );
        res.setHeader('content-type', 'text/xml');
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Response><Message>Got &quot;${params.Body}&quot;</Message></Response>`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const answer = await postInboundSms(
        {
          serverUrl: `http://127.0.0.1:${port}/twilio/sms`,
          publicUrl: 'https://voice.example.com/twilio/sms',
          authToken: TOKEN,
          accountSid: SID,
        },
        { from: '+14155550123', to: '+14155550100', body: '1' },
      );
      expect(valid).toBe(true);
      expect(answer).toMatchObject({ status: 200, messages: ['Got "1"'] });
      expect(answer.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
    } finally {
      server.close();
    }
  });
});
