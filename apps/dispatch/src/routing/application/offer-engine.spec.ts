import { Logger } from '@nestjs/common';
import { TenantTwilioAccount } from '@tp/dispatch-domain';
import { OutboundCallRefused } from '../../common/ports/outbound-calls.port';
import {
  NOW,
  TENANT,
  PLATFORM_SID,
  TENANT_SID,
  PHONES,
  HOLD_MS,
  settle,
  setup,
} from '../../testing/offer-engine.fixture';
import { NOT_PLACED_PAUSE_MS, OfferEngine } from './offer-engine';

beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']));

describe(OfferEngine.name, () => {
  describe('making offers', () => {
    it("calls the agent idle longest on their first PSTN number, from the caller's contact point, with the screening URL and the ring timeout", async () => {
      const { engine, enqueue, twilio, queue, call, offer } = setup();
      const waiting = await enqueue({ contactPoint: '+14155550199' });

      await expect(engine.offerWaitingCalls(TENANT)).resolves.toBe(1);

      expect(twilio.placed).toHaveLength(1);
      const placed = twilio.placed[0];
      expect(placed).toMatchObject({
        to: PHONES.ada,
        from: '+14155550199',
        url: 'https://voice.example.com/twilio/offer/screen?offer=offer-1',
        statusCallback: 'https://voice.example.com/twilio/offer/status?offer=offer-1',
        timeoutS: 20,
      });
      expect(placed.credentials.accountSid).toBe(PLATFORM_SID);
      expect(await offer('offer-1')).toMatchObject({
        agentId: 'ada',
        waitingCallId: waiting.id,
        status: 'ringing',
        agentNumber: PHONES.ada,
        agentCallSid: placed.callSid,
        holdUntil: new Date(NOW.getTime() + HOLD_MS),
      });
      expect(await call(waiting.id)).toMatchObject({ status: 'offering', currentOfferId: 'offer-1' });
      expect(queue.agent(TENANT, 'ada')).toMatchObject({
        reservedUntil: new Date(NOW.getTime() + HOLD_MS),
        reservationCall: waiting.callSid,
      });
    });

    it('calls the first number that is a phone number, in E.164, in the order the admin gave', async () => {
      const { engine, enqueue, contacts, twilio } = setup();
      contacts.set(TENANT, 'ada', ['client:ada', '+1 (415) 555-0123', '+14155550999']);
      await enqueue();

      await engine.offerWaitingCalls(TENANT);

      expect(twilio.placed.map((p) => p.to)).toEqual(['+14155550123']);
    });

    it("places the call through the tenant's own Twilio account when the caller's number is on it", async () => {
      const { engine, enqueue, accounts, twilio } = setup();
      await accounts.save(TenantTwilioAccount.set(TENANT, TENANT_SID, 'f'.repeat(32), NOW));
      await enqueue({ twilioAccount: 'tenant' });

      await engine.offerWaitingCalls(TENANT);

      expect(twilio.placed.map((p) => p.credentials)).toEqual([
        expect.objectContaining({ owner: 'tenant', accountSid: TENANT_SID }),
      ]);
    });

    it('makes every offer it can: higher priority first, then the longest waiting, one agent each; answers how many', async () => {
      const { engine, enqueue, clock, call, twilio } = setup();
      const first = await enqueue();
      clock.advanceBy(1_000);
      const urgent = await enqueue({ priority: 5 });
      const second = await enqueue();
      const last = await enqueue();

      await expect(engine.offerWaitingCalls(TENANT)).resolves.toBe(3);

      expect((await call(urgent.id)).currentOfferId).toBe('offer-1');
      expect((await call(first.id)).currentOfferId).toBe('offer-2');
      expect((await call(second.id)).currentOfferId).toBe('offer-3');
      expect(await call(last.id)).toMatchObject({ status: 'waiting', currentOfferId: null });
      expect(twilio.placed.map((p) => p.to)).toEqual([PHONES.ada, PHONES.grace, PHONES.alan]);
      await expect(engine.offerWaitingCalls(TENANT)).resolves.toBe(0);
    });

    it('offers nobody whose hours end within the routing margin (DISPATCH_ROUTING_EXPIRY_MARGIN_MINUTES)', async () => {
      const inThreeMinutes = new Date(NOW.getTime() + 3 * 60_000);
      const strict = setup();
      const lenient = setup({ DISPATCH_ROUTING_EXPIRY_MARGIN_MINUTES: '2' });
      for (const { queue, enqueue } of [strict, lenient]) {
        for (const agentId of ['grace', 'alan']) queue.updateAgent(TENANT, agentId, { state: 'offline' });
        queue.updateAgent(TENANT, 'ada', { expiresAt: inThreeMinutes });
        await enqueue();
      }

      await expect(strict.engine.offerWaitingCalls(TENANT)).resolves.toBe(0);
      await expect(lenient.engine.offerWaitingCalls(TENANT)).resolves.toBe(1);
    });

    it('does not offer a call whose maximum wait has passed', async () => {
      const { engine, enqueue, clock, twilio } = setup();
      await enqueue({ deadline: new Date(NOW.getTime() + 5_000) });
      clock.advanceBy(5_000);

      await expect(engine.offerWaitingCalls(TENANT)).resolves.toBe(0);
      expect(twilio.placed).toEqual([]);
    });
  });

  describe('an offer that cannot be placed', () => {
    it.each<[string, (s: ReturnType<typeof setup>) => void]>([
      ['an agent identity does not know', (s) => void s.contacts.set(TENANT, 'ada', null)],
      ['an agent without a PSTN number', (s) => void s.contacts.set(TENANT, 'ada', ['client:ada'])],
      [
        "Twilio refusing the agent's number (400, 21211)",
        (s) => void s.twilio.failNextPlaces(new OutboundCallRefused(400, 21211, 'not a valid phone number')),
      ],
    ])(
      "is the agent's miss for %s (failed, counted); the call goes to the next agent at once",
      async (_case, arrange) => {
        const s = setup();
        arrange(s);
        const waiting = await s.enqueue();

        await s.engine.offerWaitingCalls(TENANT);
        await settle();

        expect(await s.offer('offer-1')).toMatchObject({
          agentId: 'ada',
          status: 'missed',
          missReason: 'failed',
        });
        expect(s.misses('ada')).toBe(1);
        expect(s.queue.agent(TENANT, 'ada')).toMatchObject({ reservedUntil: null, reservationId: null });
        expect(await s.currentOffer(waiting.id)).toMatchObject({ agentId: 'grace', status: 'ringing' });
        expect((await s.call(waiting.id)).missedAgents).toEqual(['ada']);
        expect(s.twilio.placed.map((p) => p.to)).toEqual([PHONES.grace]);
      },
    );

    it.each<[string, (s: ReturnType<typeof setup>) => void]>([
      [
        'Twilio refusing our credentials (401, 20003)',
        (s) => void s.twilio.failNextPlaces(new OutboundCallRefused(401, 20003, 'Authenticate')),
      ],
      [
        "Twilio refusing our 'From' number (400, 21210)",
        (s) =>
          void s.twilio.failNextPlaces(new OutboundCallRefused(400, 21210, "'From' number not verified")),
      ],
      ['Twilio failing (a 5xx, no answer)', (s) => void s.twilio.failNextPlaces(new Error('socket hang up'))],
      ['identity failing', (s) => void (s.contacts.failure = new Error('identity timed out'))],
    ])(
      "is not-placed for %s: held against nobody, the round ends, and the tenant's next tick after a pause offers the same agent again",
      async (_case, arrange) => {
        const s = setup();
        arrange(s);
        const waiting = await s.enqueue();

        await s.engine.offerWaitingCalls(TENANT);
        await settle();

        expect(await s.offer('offer-1')).toMatchObject({
          agentId: 'ada',
          status: 'missed',
          missReason: 'not-placed',
        });
        expect(s.misses('ada')).toBe(0);
        expect(s.queue.agent(TENANT, 'ada')).toMatchObject({ reservedUntil: null, reservationId: null });
        expect(await s.call(waiting.id)).toMatchObject({ status: 'waiting', missedAgents: [] });
        expect(s.twilio.placed).toEqual([]); // no tight loop through the other agents while it fails

        s.contacts.failure = null;
        await s.engine.tick(); // within the pause: nothing
        s.clock.advanceBy(NOT_PLACED_PAUSE_MS);
        await s.engine.tick();
        await settle();

        expect(await s.currentOffer(waiting.id)).toMatchObject({ agentId: 'ada', status: 'ringing' });
        expect(s.twilio.placed.map((p) => p.to)).toEqual([PHONES.ada]);
      },
    );

    it("holds it against nobody when the Twilio account of the caller's number is gone, and tries again after pauses of 1 s doubling to 30 s", async () => {
      const { engine, enqueue, twilio, call, misses, offer, clock } = setup();
      const waiting = await enqueue({ twilioAccount: 'tenant' });
      const attemptsAt: number[] = [];

      for (let second = 0; second <= 70; second += 1) {
        if ((await engine.offerWaitingCalls(TENANT)) > 0) attemptsAt.push(second);
        clock.advanceBy(1000);
      }
      await settle();

      expect(attemptsAt).toEqual([0, 1, 3, 7, 15, 31, 61]); // pauses 1, 2, 4, 8, 16, 30 s
      expect(twilio.placed).toEqual([]);
      expect(await call(waiting.id)).toMatchObject({ status: 'waiting', missedAgents: [] });
      expect([misses('ada'), misses('grace'), misses('alan')]).toEqual([0, 0, 0]);
      expect(await offer('offer-2')).toMatchObject({ agentId: 'ada', missReason: 'not-placed' });
    });

    it('forgets the pause once an offer is placed again', async () => {
      const { engine, enqueue, twilio, clock } = setup();
      twilio.failNextPlaces(new Error('socket hang up'), new Error('socket hang up'));
      await enqueue();

      await engine.offerWaitingCalls(TENANT); // not placed: pause 1 s
      clock.advanceBy(1000);
      await engine.offerWaitingCalls(TENANT); // not placed: pause 2 s
      clock.advanceBy(2000);
      await engine.offerWaitingCalls(TENANT); // placed: no pause any more
      await settle();
      twilio.failNextPlaces(new Error('socket hang up'));
      await enqueue({ callSid: 'CA' + '9'.repeat(32), id: '00000000-0000-4000-8000-000000000999' });
      await engine.offerWaitingCalls(TENANT); // not placed: a pause of 1 s again, not 4 s
      clock.advanceBy(1000);

      await expect(engine.offerWaitingCalls(TENANT)).resolves.toBe(1);
      expect(twilio.placed).toHaveLength(2);
    });
  });

  describe('kicks', () => {
    it("offers the tenant's waiting calls in the background", async () => {
      const { engine, enqueue, twilio } = setup();
      await enqueue();

      engine.kick(TENANT);
      expect(twilio.placed).toEqual([]);
      await settle();

      expect(twilio.placed.map((p) => p.to)).toEqual([PHONES.ada]);
    });

    it('runs once at a time per tenant, and once more when kicked meanwhile', async () => {
      const { engine, enqueue, queue, twilio } = setup();
      const release = queue.holdEmptyClaims();
      engine.kick(TENANT); // finds nothing, and waits there
      await enqueue();
      engine.kick(TENANT);
      engine.kick(TENANT);
      await settle();
      expect(twilio.placed).toEqual([]);

      release();
      await settle();

      expect(twilio.placed.map((p) => p.to)).toEqual([PHONES.ada]);
      expect(queue.mostClaimsAtOnce).toBe(1);
    });

    it('survives a failing run: the next kick offers again', async () => {
      const { engine, enqueue, queue, twilio } = setup();
      await enqueue();
      queue.claimFailure = new Error('connection reset');
      engine.kick(TENANT);
      await settle();
      expect(twilio.placed).toEqual([]);

      queue.claimFailure = null;
      engine.kick(TENANT);
      await settle();

      expect(twilio.placed).toHaveLength(1);
    });
  });

  describe('the caller leaving', () => {
    it("stops the agent's phone ringing, through the call's account: a miss not counted against the agent", async () => {
      const { engine, ringing, queue, clock, offer, twilio, misses } = setup();
      const { callId, offer: ringingOffer } = await ringing();
      await queue.endWait(callId, 'abandoned', clock.now());

      await engine.callerLeft(ringingOffer.id);

      expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: 'caller-gone' });
      expect(twilio.cancelled).toEqual([{ accountSid: PLATFORM_SID, callSid: ringingOffer.agentCallSid }]);
      expect(misses('ada')).toBe(0);
      expect(queue.agent(TENANT, 'ada')!.reservationId).toBeNull();
    });

    it('cancels nothing while the agent leg is still being placed', async () => {
      const { engine, enqueue, queue, clock, offer, twilio } = setup();
      const waiting = await enqueue();
      const plan = (await queue.claimNextOffer(TENANT, clock.now(), HOLD_MS, clock.now()))!;
      await queue.endWait(waiting.id, 'left', clock.now());

      await engine.callerLeft(plan.offer.id);

      expect((await offer(plan.offer.id)).missReason).toBe('caller-gone');
      expect(twilio.cancelled).toEqual([]);
    });

    it('misses the offer even when Twilio will not cancel the leg (answered meanwhile)', async () => {
      const { engine, ringing, queue, clock, offer, twilio } = setup();
      twilio.cancelFailure = new Error('Call is not in-progress. Cannot redirect.');
      const { callId, offer: ringingOffer } = await ringing();
      await queue.endWait(callId, 'left', clock.now());

      await expect(engine.callerLeft(ringingOffer.id)).resolves.toBeUndefined();

      expect((await offer(ringingOffer.id)).missReason).toBe('caller-gone');
    });

    it('cancels nothing when the Twilio account of the number is gone', async () => {
      const { engine, ringing, accounts, queue, clock, offer, twilio } = setup();
      await accounts.save(TenantTwilioAccount.set(TENANT, TENANT_SID, 'f'.repeat(32), NOW));
      const { callId, offer: ringingOffer } = await ringing({ twilioAccount: 'tenant' });
      await accounts.remove(TENANT);
      await queue.endWait(callId, 'left', clock.now());

      await engine.callerLeft(ringingOffer.id);

      expect((await offer(ringingOffer.id)).missReason).toBe('caller-gone');
      expect(twilio.cancelled).toEqual([]);
    });

    it.each([
      ['no offer was open', null],
      ['the offer is unknown', 'offer-9'],
    ])('does nothing when %s', async (_case, offerId) => {
      const { engine, ringing, twilio, offer } = setup();
      await ringing();

      await engine.callerLeft(offerId);

      expect(twilio.cancelled).toEqual([]);
      expect((await offer('offer-1')).status).toBe('ringing');
    });

    it('does nothing to an offer already accepted', async () => {
      const { engine, ringing, twilio, offer, legs } = setup();
      const { offer: ringingOffer } = await ringing();
      await legs.answer(TENANT, ringingOffer.id, '1');

      await engine.callerLeft(ringingOffer.id);

      expect(twilio.cancelled).toEqual([]);
      expect((await offer(ringingOffer.id)).status).toBe('accepted');
    });
  });

  describe('the tick', () => {
    it('gives up an offer no callback settled once its hold ran out: a miss not counted, the call offered to the next agent', async () => {
      const { engine, ringing, clock, offer, currentOffer, misses } = setup();
      const { callId, offer: ringingOffer } = await ringing();

      clock.advanceBy(HOLD_MS - 1);
      await engine.tick();
      expect((await offer(ringingOffer.id)).status).toBe('ringing');

      clock.advanceBy(1);
      await engine.tick();
      await settle();

      expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: 'timed-out' });
      expect(misses('ada')).toBe(0);
      expect(await currentOffer(callId)).toMatchObject({ agentId: 'grace', attempt: 2 });
    });

    it("offers every tenant's waiting calls", async () => {
      const { engine, enqueue, queue, contacts, twilio } = setup();
      queue.withAgents({ tenantId: 'globex', agentId: 'hal', skills: ['support'] });
      contacts.set('globex', 'hal', ['+14155550900']);
      await enqueue();
      await enqueue({ tenantId: 'globex' });

      await engine.tick();

      expect(twilio.placed.map((p) => p.to).sort()).toEqual([PHONES.ada, '+14155550900']);
    });

    it('never runs twice at once', async () => {
      const { engine, enqueue, queue, twilio } = setup();
      const release = queue.holdEmptyClaims();
      await enqueue({ tenantId: 'globex' }); // nobody in globex: its claim finds nothing, and waits
      const first = engine.tick();
      await settle();

      await engine.tick(); // returns at once (it would wait for the held claim otherwise)
      await enqueue();
      release();
      await first;

      expect(twilio.placed).toEqual([]);
      await engine.tick();
      expect(twilio.placed).toHaveLength(1);
    });

    it('fails when offering fails, and the next tick runs', async () => {
      const { engine, enqueue, queue, twilio } = setup();
      await enqueue();
      queue.claimFailure = new Error('connection reset');

      await expect(engine.tick()).rejects.toThrow('connection reset');

      queue.claimFailure = null;
      await engine.tick();
      expect(twilio.placed).toHaveLength(1);
    });
  });
});
