import Fastify, { type FastifyInstance } from 'fastify';
import twilio from 'twilio';
import { TwilioNetwork, type CustomerCall, type TwilioNetworkOptions } from './twilio-network';
import { startTwilioRestDouble, type TwilioRestDouble } from './twilio-rest-double';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'fedcba9876543210fedcba9876543210';
const OTHER_SID = 'AC99999999999999999999999999999999';
const OTHER_TOKEN = '99999999999999999999999999999999';
const TWIML = 'text/xml';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The twilio SDK's own client, sent to the double. */
function clientFor(double: TwilioRestDouble, sid = SID, token = TOKEN) {
  type Options<T> = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0] & { data?: T };
  class ToDouble extends twilio.RequestClient {
    override request<T>(opts: Options<T>) {
      const uri = new URL(opts.uri);
      return super.request<T>({ ...opts, uri: `${double.url}${uri.pathname}${uri.search}` });
    }
  }
  return twilio(sid, token, { httpClient: new ToDouble() });
}

/**
 * The network's queue behaviour against a small TwiML app: the Voice URL parks the caller with
 * `<Enqueue>`, the wait URL answers as a test tells it, the action and the dequeue's URL answer
 * documents of their own; every request is recorded.
 */
describe(TwilioNetwork.name, () => {
  let app: FastifyInstance;
  let rest: TwilioRestDouble;
  let serverUrl: string;
  const requests: { path: string; params: Record<string, string> }[] = [];
  let waitAnswer: () => Promise<string> = () => Promise.resolve('<Say>Please hold.</Say>');
  const networks: TwilioNetwork[] = [];

  beforeAll(async () => {
    rest = await startTwilioRestDouble({ [SID]: TOKEN, [OTHER_SID]: OTHER_TOKEN });
    app = Fastify();
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    const answer = (path: string, twiml: () => Promise<string>) =>
      app.post(path === '/voice' ? '/twilio/voice' : path, async (request, reply) => {
        requests.push({ path, params: request.body as Record<string, string> });
        const body = await twiml();
        return reply.header('content-type', TWIML).send(`<Response>${body}</Response>`);
      });
    answer('/voice', () =>
      Promise.resolve('<Say>Hello.</Say><Enqueue waitUrl="/wait" action="/action">tp-caller</Enqueue>'),
    );
    answer('/wait', () => waitAnswer());
    answer('/action', () => Promise.resolve('<Say>From the action.</Say><Hangup/>'));
    answer('/timeout', () => Promise.resolve('<Say>No agent is available.</Say><Hangup/>'));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    serverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterEach(() => {
    for (const network of networks.splice(0)) {
      expect(network.errors).toEqual([]);
      network.close();
    }
    requests.length = 0;
    waitAnswer = () => Promise.resolve('<Say>Please hold.</Say>');
  });

  afterAll(async () => {
    await app.close();
    await rest.close();
  });

  function network(options: Partial<TwilioNetworkOptions> = {}): TwilioNetwork {
    const created = new TwilioNetwork({
      serverUrl,
      authToken: TOKEN,
      accountSid: SID,
      rest,
      holdMs: 60_000, // a long hold prompt: only a dequeue ends it early
      ...options,
    });
    networks.push(created);
    return created;
  }

  /**
   * The requests of one call, oldest first (a request of an earlier test's call, still in flight
   * when its network closed, may land after the list was emptied).
   */
  const of = (customer: CustomerCall) => requests.filter((r) => r.params.CallSid === customer.callSid);
  const paths = (customer: CustomerCall) => of(customer).map((r) => r.path);
  const dequeue = (customer: CustomerCall, sid = SID, token = TOKEN, queueSid = customer.queueSid) =>
    clientFor(rest, sid, token)
      .queues(queueSid)
      .members(customer.callSid)
      .update({ url: `${serverUrl}/timeout`, method: 'POST' });

  async function queuedCaller(net: TwilioNetwork): Promise<CustomerCall> {
    const customer = await net.dial({ from: '+14155550101', to: '+14155550100' });
    expect(customer.state).toBe('queued');
    await waitFor(() => customer.waitRequests === 1 && paths(customer).includes('/wait'));
    return customer;
  }

  it('tells the wait URL the queue SID, and asks it again only after the hold prompt', async () => {
    const customer = await queuedCaller(network({ holdMs: 150 }));

    await waitFor(() => customer.waitRequests >= 3);

    const waits = requests.filter((r) => r.path === '/wait');
    expect(waits[0].params).toMatchObject({ CallSid: customer.callSid, QueueSid: customer.queueSid });
    expect(customer.heardWaiting.slice(0, 2)).toEqual(['Please hold.', 'Please hold.']);
  });

  it('takes a caller out of the queue at once on a REST dequeue, mid hold prompt: the action hears `redirected`, the call runs the new URL', async () => {
    const customer = await queuedCaller(network());
    const started = Date.now();

    const member = await dequeue(customer);
    await waitFor(() => customer.call.ended, 15_000);

    expect(Date.now() - started).toBeLessThan(15_000); // not after the 60 s hold prompt (generous: a loaded CI machine)
    expect(member).toMatchObject({ callSid: customer.callSid, queueSid: customer.queueSid, position: 1 });
    expect(customer.queueResults).toEqual(['redirected']);
    expect(paths(customer)).toEqual(['/voice', '/wait', '/action', '/timeout']);
    expect(of(customer)[2].params).toMatchObject({ QueueResult: 'redirected', QueueSid: customer.queueSid });
    expect(customer.call.lastSaid).toBe('No agent is available.');
    expect(customer.unusedActionAnswers).toEqual([expect.stringContaining('From the action.')]);
    expect(
      customer.call.heard.filter((h) => h.kind === 'say').map((h) => h.kind === 'say' && h.text),
    ).toEqual(['Hello.', 'No agent is available.']);
    expect(customer.waitRequests).toBe(1);
    expect(rest.memberUpdates.at(-1)).toMatchObject({ callSid: customer.callSid, status: 200 });
  });

  it('may request the new URL before the action, when told', async () => {
    const customer = await queuedCaller(network({ dequeueOrder: 'url-first' }));

    await dequeue(customer);
    await waitFor(() => paths(customer).length === 4);

    expect(paths(customer)).toEqual(['/voice', '/wait', '/timeout', '/action']);
    expect(customer.call.lastSaid).toBe('No agent is available.');
  });

  it('answers 404 to a second dequeue, another account, or another queue, and does nothing', async () => {
    const customer = await queuedCaller(network());

    await expect(dequeue(customer, OTHER_SID, OTHER_TOKEN)).rejects.toMatchObject({ status: 404 });
    await expect(dequeue(customer, SID, TOKEN, 'QU00000000000000000000000000000000')).rejects.toMatchObject({
      status: 404,
    });
    expect(customer.state).toBe('queued');

    await dequeue(customer);
    await expect(dequeue(customer)).rejects.toMatchObject({ status: 404, code: 20404 });
    await waitFor(() => customer.call.ended);
    expect(customer.queueResults).toEqual(['redirected']);
    expect(paths(customer).filter((p) => p === '/timeout')).toHaveLength(1);
  });

  it('does not run a wait URL answer that comes after a dequeue', async () => {
    waitAnswer = async () => {
      await sleep(300);
      return '<Leave/>';
    };
    const customer = await network().dial({ from: '+14155550102', to: '+14155550100' });
    await sleep(50); // the wait URL was asked and has not answered yet

    await dequeue(customer);
    await waitFor(() => customer.call.ended);
    await sleep(400); // its <Leave/> has come

    expect(customer.queueResults).toEqual(['redirected']);
    expect(paths(customer).filter((p) => p === '/action')).toHaveLength(1);
    expect(customer.call.lastSaid).toBe('No agent is available.');
  });

  it('answers 404 to a dequeue of a caller whom <Leave/> took out first', async () => {
    waitAnswer = () => Promise.resolve('<Leave/>');
    const customer = await network().dial({ from: '+14155550103', to: '+14155550100' });
    await waitFor(() => customer.call.ended);

    await expect(dequeue(customer)).rejects.toMatchObject({ status: 404 });

    expect(customer.queueResults).toEqual(['leave']);
    expect(paths(customer)).toEqual(['/voice', '/wait', '/action']);
    expect(customer.call.lastSaid).toBe('From the action.');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for a condition');
    await sleep(10);
  }
}
