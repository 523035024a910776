import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import twilio from 'twilio';
import { CallSimulator } from './call-simulator';

const TOKEN = 'test-auth-token';

/** A tiny Twilio-like IVR that checks signatures with the twilio SDK, as dispatch will. */
async function ivr(): Promise<{ app: FastifyInstance; url: string; seen: Record<string, string>[] }> {
  const app = Fastify();
  await app.register(formbody);
  const seen: Record<string, string>[] = [];
  let url = '';
  app.post('/twilio/*', (request, reply) => {
    const params = request.body as Record<string, string>;
    const signature = request.headers['x-twilio-signature'];
    if (typeof signature !== 'string') return reply.code(400).send('missing signature');
    if (!twilio.validateRequest(TOKEN, signature, `${url}${request.url}`, params))
      return reply.code(403).send('bad signature');
    seen.push(params);
    const response = new twilio.twiml.VoiceResponse();
    if (request.url === '/twilio/voice') {
      response.say({ voice: 'Polly.Joanna', language: 'en-US' }, 'Welcome.');
      const gather = response.gather({
        action: '/twilio/menu?step=1',
        numDigits: 1,
        finishOnKey: '',
        actionOnEmptyResult: true,
      });
      gather.say('Press 1.');
      gather.play('https://example.com/beep.mp3');
    } else if (params.Digits === '1') {
      response.say('Online.');
      response.hangup();
    } else {
      response.say('Invalid.');
      response.redirect('/twilio/voice');
    }
    return reply.type('text/xml').send(response.toString());
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { app, url, seen };
}

describe(CallSimulator.name, () => {
  let server: Awaited<ReturnType<typeof ivr>>;

  beforeAll(async () => {
    server = await ivr();
  });

  afterAll(() => server.app.close());

  it('places a signed call, hears prompts nested in a Gather, and follows the action with the keys', async () => {
    const call = await new CallSimulator({ serverUrl: server.url, authToken: TOKEN }).dial({
      from: '+14155550100',
      to: '+18005550199',
    });

    expect(call.heard).toEqual([
      { kind: 'say', text: 'Welcome.', voice: 'Polly.Joanna', language: 'en-US' },
      { kind: 'say', text: 'Press 1.' },
      { kind: 'play', url: 'https://example.com/beep.mp3' },
    ]);
    expect(call.gather).toMatchObject({
      action: `${server.url}/twilio/menu?step=1`,
      numDigits: 1,
      finishOnKey: '',
      actionOnEmptyResult: true,
    });

    await call.press('1');

    expect(call.lastSaid).toBe('Online.');
    expect(call.ended).toBe(true);
    expect(server.seen.at(-1)).toMatchObject({
      Digits: '1',
      From: '+14155550100',
      To: '+18005550199',
      CallStatus: 'in-progress',
    });
  });

  it('posts an empty result on silence, follows a Redirect, and can retry the last webhook', async () => {
    const call = await new CallSimulator({ serverUrl: server.url, authToken: TOKEN }).dial({
      from: '+14155550100',
      to: '+18005550199',
    });

    await call.silence();

    expect(call.lastSaid).toBe('Invalid. Welcome. Press 1.');
    expect(call.gather).not.toBeNull();
    const retried = await call.retryLast();
    expect(retried.status).toBe(200);
    expect(retried.twiml).toContain('<Gather');
  });

  it('can forge or leave out the signature', async () => {
    const forged = await new CallSimulator({
      serverUrl: server.url,
      authToken: TOKEN,
      signature: 'forged',
    }).dial({ from: '+1', to: '+2' });
    const missing = await new CallSimulator({
      serverUrl: server.url,
      authToken: TOKEN,
      signature: 'missing',
    }).dial({ from: '+1', to: '+2' });

    expect([forged.lastStatus, forged.ended]).toEqual([403, true]);
    expect(missing.lastStatus).toBe(400);
  });

  it('signs the public URL when dispatch sits behind an ingress', async () => {
    // The server validates against its own URL, so a simulator signing another public URL is refused...
    const behindIngress = await new CallSimulator({
      serverUrl: server.url,
      publicBaseUrl: 'https://tp.example.com',
      authToken: TOKEN,
    }).dial({ from: '+1', to: '+2' });
    expect(behindIngress.lastStatus).toBe(403);
  });
});
