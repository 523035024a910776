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

  describe('the Queue Member resource (a dequeue)', () => {
    const QUEUE = 'QU0123456789abcdef0123456789abcdef';
    const CALL = 'CAfedcba9876543210fedcba9876543210';
    const URL_ = 'https://voice.example.com/twilio/queue/timeout?call=w-1';
    const dequeue = (token = TOKEN) =>
      clientFor(double, token).queues(QUEUE).members(CALL).update({ url: URL_, method: 'POST' });

    afterEach(() => double.onDequeue(null));

    it('takes a member out as the listener decides, and answers the member as it was', async () => {
      const asked: unknown[] = [];
      double.onDequeue((update) => {
        asked.push(update);
        return { position: 1, waitTimeS: 42, dateEnqueued: new Date('2026-11-24T12:00:00Z') };
      });

      const member = await dequeue();

      expect(member).toMatchObject({ callSid: CALL, queueSid: QUEUE, position: 1, waitTime: 42 });
      expect(asked).toEqual([
        { accountSid: SID, queueSid: QUEUE, callSid: CALL, params: { Url: URL_, Method: 'POST' } },
      ]);
      expect(double.memberUpdates.at(-1)).toMatchObject({ callSid: CALL, status: 200 });
    });

    it('answers 404 (20404) for a call that is not a member, as Twilio does', async () => {
      double.onDequeue(() => null);
      await expect(dequeue()).rejects.toMatchObject({ status: 404, code: 20404 });
      double.onDequeue(null);
      await expect(dequeue()).rejects.toMatchObject({ status: 404, code: 20404 });
      expect(double.memberUpdates.slice(-2).map((u) => u.status)).toEqual([404, 404]);
    });

    it('refuses wrong credentials before asking anyone', async () => {
      const asked: unknown[] = [];
      double.onDequeue((update) => {
        asked.push(update);
        return null;
      });
      const before = double.unauthorized;
      await expect(dequeue('wrong')).rejects.toMatchObject({ status: 401, code: 20003 });
      expect(double.unauthorized).toBe(before + 1);
      expect(asked).toEqual([]);
    });

    it('answers a scripted error once, without dequeuing, then dequeues again', async () => {
      let dequeued = 0;
      double.onDequeue(() => {
        dequeued += 1;
        return { position: 1, waitTimeS: 0, dateEnqueued: new Date() };
      });
      double.failNext(503, 20500, 'Service unavailable', 'dequeue');

      await expect(dequeue()).rejects.toMatchObject({ status: 503 });
      expect(dequeued).toBe(0);
      await expect(dequeue()).resolves.toMatchObject({ callSid: CALL });
      expect(dequeued).toBe(1);
      expect(double.memberUpdates.slice(-2).map((u) => u.status)).toEqual([503, 200]);
    });

    it('carries out a delayed dequeue only after the delay', async () => {
      let decidedAt = 0;
      double.onDequeue(() => {
        decidedAt = Date.now();
        return { position: 1, waitTimeS: 0, dateEnqueued: new Date() };
      });
      double.delayNextDequeue(300);
      const sent = Date.now();

      await dequeue();

      expect(decidedAt - sent).toBeGreaterThanOrEqual(290);
    });

    it('keeps a failed create and a failed dequeue apart', async () => {
      double.failNext(503, 20500, 'Service unavailable', 'dequeue');
      await expect(
        clientFor(double).calls.create({ to: '+1', from: '+1', url: 'https://x' }),
      ).resolves.toMatchObject({ status: 'queued' });
      await expect(dequeue()).rejects.toMatchObject({ status: 503 });
    });
  });

  describe('IncomingPhoneNumbers', () => {
    it("lists the account's numbers that contain the filter, as the SDK reads them", async () => {
      double.ownNumbers(SID, '+15550100100', '+15550100101', '+15550199999');

      const found = await clientFor(double).incomingPhoneNumbers.list({
        phoneNumber: '+1555010010',
        limit: 20,
      });
      const exact = await clientFor(double).incomingPhoneNumbers.list({ phoneNumber: '+15550199999' });

      expect(found.map((n) => n.phoneNumber)).toEqual(['+15550100100', '+15550100101']);
      expect(exact.map((n) => [n.phoneNumber, n.accountSid])).toEqual([['+15550199999', SID]]);
      expect(double.numberLookups.at(-1)).toEqual({ accountSid: SID, phoneNumber: '+15550199999' });
    });

    it('refuses wrong credentials and answers a scripted failure once', async () => {
      const refusedBefore = double.unauthorized;
      await expect(
        clientFor(double, '0'.repeat(32)).incomingPhoneNumbers.list({ phoneNumber: '+15550100100' }),
      ).rejects.toMatchObject({ status: 401, code: 20003 });
      expect(double.unauthorized).toBe(refusedBefore + 1);

      double.failNext(503, 20500, 'Service unavailable', 'numbers');
      await expect(clientFor(double).incomingPhoneNumbers.list({ phoneNumber: '+1' })).rejects.toMatchObject({
        status: 503,
      });
      await expect(
        clientFor(double).incomingPhoneNumbers.list({ phoneNumber: '+1' }),
      ).resolves.toBeInstanceOf(Array);
    });
  });
});
