import { Logger } from '@nestjs/common';
import { Secret, TenantTwilioAccount } from '@tp/dispatch-domain';
import { loadEnv, RemoteError } from '@tp/platform';
import { offerHoldMs, twilioQueueName, type MissReason } from '@tp/routing-domain';
import { FixedClock, InMemoryTwilioAccountRepository } from '@tp/testing';
import { DispatchEnvSchema, type DispatchConfig } from '../../dispatch.config';
import {
  FakeAgentContacts,
  FakeOutboundCalls,
  FakePresenceCommands,
  InMemoryRoutingQueue,
  newWaitingCall,
} from '../../testing';
import { OutboundCallRefused } from '../../shared/ports/outbound-calls.port';
import type { NewWaitingCall, OfferPlan } from './ports/routing-queue.port';
import { PublicUrls } from '../../shared/public-urls';
import { TwilioCredentialsSource } from '../../shared/twilio-credentials.source';
import {
  CALLER_GONE_TEXT,
  GOODBYE_TEXT,
  NOT_PLACED_PAUSE_MS,
  OfferEngine,
  screeningText,
} from './offer-engine';

const NOW = new Date('2026-11-24T18:00:00.000Z');
const TENANT = 'acme';
const PLATFORM_SID = 'AC11111111111111111111111111111111';
const TENANT_SID = 'AC22222222222222222222222222222222';
/** The agents of `acme`, idle longest first, each with the skill `support`, and their phones. */
const PHONES = { ada: '+14155550101', grace: '+14155550102', alan: '+14155550103' } as const;
type Agent = keyof typeof PHONES;
/** What an offer holds its agent for with the default ring (20 s) and screening (8 s) timeouts: 48 s. */
const HOLD_MS = offerHoldMs(20, 8);

const goodbye = (text = GOODBYE_TEXT) => ({
  outcome: 'ok',
  steps: [{ type: 'say', text }, { type: 'hangup' }],
  turn: null,
});

/** Lets the engine's background kicks run to their end (every fake answers at once). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A routing queue whose claims can be made to fail, or held until released (after deciding). */
class ControlledQueue extends InMemoryRoutingQueue {
  claimFailure: Error | null = null;
  private held: Promise<void> | null = null;
  claimsInFlight = 0;
  mostClaimsAtOnce = 0;

  /** Holds every claim that finds nothing until the returned function is called. */
  holdEmptyClaims(): () => void {
    let release!: () => void;
    this.held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.held = null;
      release();
    };
  }

  override async claimNextOffer(
    tenantId: string,
    now: Date,
    holdMs: number,
    expiryCutoff: Date,
  ): Promise<OfferPlan | null> {
    if (this.claimFailure) throw this.claimFailure;
    this.claimsInFlight += 1;
    this.mostClaimsAtOnce = Math.max(this.mostClaimsAtOnce, this.claimsInFlight);
    try {
      const plan = await super.claimNextOffer(tenantId, now, holdMs, expiryCutoff);
      if (plan === null && this.held) await this.held;
      return plan;
    } finally {
      this.claimsInFlight -= 1;
    }
  }
}

function setup(env: Record<string, string> = {}) {
  const config: DispatchConfig = {
    ...loadEnv(DispatchEnvSchema, { PUBLIC_BASE_URL: 'https://voice.example.com', ...env }),
    platformAccount: {
      owner: 'platform',
      accountSid: PLATFORM_SID,
      authToken: new Secret('platform-token'),
    },
  };
  const clock = new FixedClock(NOW);
  const queue = new ControlledQueue().withAgents(
    ...Object.keys(PHONES).map((agentId) => ({ tenantId: TENANT, agentId, skills: ['Support'] })),
  );
  const contacts = new FakeAgentContacts();
  for (const [agentId, phone] of Object.entries(PHONES)) contacts.set(TENANT, agentId, [phone]);
  const twilio = new FakeOutboundCalls();
  const presence = new FakePresenceCommands();
  const accounts = new InMemoryTwilioAccountRepository();
  const engine = new OfferEngine(
    queue,
    contacts,
    twilio,
    presence,
    new TwilioCredentialsSource(config, accounts),
    new PublicUrls(config),
    clock,
    config,
  );

  const enqueue = (overrides: Partial<NewWaitingCall> = {}) =>
    queue.enqueue(newWaitingCall({ enqueuedAt: clock.now(), ...overrides }));
  const call = async (id: string) => (await queue.findCall(id))!;
  const offer = async (id: string) => (await queue.findOffer(id))!;
  /** The offer now made of this call (its current one). */
  const currentOffer = async (callId: string) => offer((await call(callId)).currentOfferId!);
  const misses = (agentId: Agent) => queue.agent(TENANT, agentId)!.consecutiveMisses;
  /** A call enqueued and offered (to ada unless she is taken), its agent's phone ringing. */
  const ringing = async (overrides: Partial<NewWaitingCall> = {}) => {
    const waiting = await enqueue(overrides);
    await engine.offerWaitingCalls(waiting.tenantId);
    await settle();
    return { callId: waiting.id, offer: await currentOffer(waiting.id) };
  };
  /** Ends the leg of an offer with a final status (a numbered callback, the next number). */
  let sequence = 0;
  const legEnds = async (offerId: string, status = 'completed') => {
    await engine.legStatus(TENANT, offerId, status, ++sequence);
    await settle();
  };
  return {
    config,
    clock,
    queue,
    contacts,
    twilio,
    presence,
    accounts,
    engine,
    enqueue,
    call,
    offer,
    currentOffer,
    misses,
    ringing,
    legEnds,
  };
}

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

  describe('screening', () => {
    it('tells an agent who answers which queue the caller waits in, and asks for 1 within the screening timeout', async () => {
      const { engine, ringing } = setup({ DISPATCH_SCREENING_TIMEOUT_SECONDS: '6' });
      const { offer } = await ringing({ queueName: 'Billing' });

      await expect(engine.screen(TENANT, offer.id)).resolves.toEqual({
        outcome: 'ok',
        steps: [{ type: 'screen', offerId: offer.id, text: screeningText('Billing'), timeoutS: 6 }],
        turn: null,
      });
    });

    it('screens an agent who answers before the placed call was recorded (still placing)', async () => {
      const { engine, enqueue, queue, clock } = setup();
      await enqueue();
      const plan = (await queue.claimNextOffer(TENANT, clock.now(), HOLD_MS, clock.now()))!;

      const answer = await engine.screen(TENANT, plan.offer.id);

      expect(answer.steps[0]).toMatchObject({ type: 'screen', offerId: plan.offer.id });
    });

    it.each([
      ['an unknown offer', TENANT, 'offer-9'],
      ["another tenant's offer", 'other', 'offer-1'],
      ['a webhook of no known tenant', null, 'offer-1'],
    ])('says goodbye to %s', async (_case, tenantId, offerId) => {
      const { engine, ringing, offer } = setup();
      await ringing();

      await expect(engine.screen(tenantId, offerId)).resolves.toEqual(goodbye());
      expect((await offer('offer-1')).status).toBe('ringing');
    });

    it('says goodbye to an agent whose offer is over', async () => {
      const { engine, ringing, legEnds } = setup();
      const { offer } = await ringing();
      await legEnds(offer.id, 'no-answer');

      await expect(engine.screen(TENANT, offer.id)).resolves.toEqual(goodbye());
    });

    it('tells the agent the caller is gone when they left while it rang: a miss not counted against the agent', async () => {
      const { engine, ringing, queue, clock, offer, misses } = setup();
      const { callId, offer: ringingOffer } = await ringing();
      await queue.endWait(callId, 'abandoned', clock.now());

      await expect(engine.screen(TENANT, ringingOffer.id)).resolves.toEqual(goodbye(CALLER_GONE_TEXT));

      expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: 'caller-gone' });
      expect(misses('ada')).toBe(0);
      expect(queue.agent(TENANT, 'ada')!.reservationId).toBeNull();
    });
  });

  describe("the agent's key", () => {
    it("1 accepts: the caller's call bridged, the agent marked busy with it and joined to the caller's queue; their misses start again", async () => {
      const { engine, ringing, queue, call, offer, presence, misses } = setup();
      queue.updateAgent(TENANT, 'ada', { consecutiveMisses: 2 });
      const { callId, offer: ringingOffer } = await ringing();
      const caller = await call(callId);

      await expect(engine.answer(TENANT, ringingOffer.id, '1')).resolves.toEqual({
        outcome: 'ok',
        steps: [{ type: 'bridge-to-queue', twilioQueue: twilioQueueName(caller.callSid) }],
        turn: null,
      });

      expect((await offer(ringingOffer.id)).status).toBe('accepted');
      expect((await call(callId)).status).toBe('bridged');
      expect(presence.commands).toEqual([
        { verb: 'mark-busy', tenantId: TENANT, agentId: 'ada', callSid: caller.callSid },
      ]);
      expect(misses('ada')).toBe(0);
    });

    it('bridges the agent even when presence cannot be told they are busy', async () => {
      const { engine, ringing, presence, offer } = setup();
      presence.failures.set('mark-busy', new Error('presence timed out'));
      const { offer: ringingOffer } = await ringing();

      const answer = await engine.answer(TENANT, ringingOffer.id, '1');

      expect(answer.steps[0]).toMatchObject({ type: 'bridge-to-queue' });
      expect((await offer(ringingOffer.id)).status).toBe('accepted');
    });

    it.each<[string, MissReason, string | null]>([
      ['another key', 'declined', '2'],
      ['several keys', 'declined', '12'],
      ['no key (a voicemail greeting)', 'no-key', ''],
      ['no digits at all', 'no-key', null],
    ])(
      'any other answer is a miss counted against the agent (%s: %s); the call goes to the next agent, not back to them',
      async (_case, reason, digits) => {
        const { engine, ringing, offer, call, misses, currentOffer, twilio } = setup();
        const { callId, offer: ringingOffer } = await ringing();

        await expect(engine.answer(TENANT, ringingOffer.id, digits)).resolves.toEqual(goodbye());
        await settle();

        expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: reason });
        expect(misses('ada')).toBe(1);
        expect((await call(callId)).missedAgents).toEqual(['ada']);
        expect(await currentOffer(callId)).toMatchObject({ agentId: 'grace', attempt: 2, status: 'ringing' });
        expect(twilio.placed.map((p) => p.to)).toEqual([PHONES.ada, PHONES.grace]);
      },
    );

    it('a second answer to a missed offer changes nothing', async () => {
      const { engine, ringing, misses, offer } = setup();
      const { offer: ringingOffer } = await ringing();
      await engine.answer(TENANT, ringingOffer.id, '2');

      await expect(engine.answer(TENANT, ringingOffer.id, '')).resolves.toEqual(goodbye());
      await settle();

      expect(misses('ada')).toBe(1);
      expect((await offer(ringingOffer.id)).missReason).toBe('declined');
    });

    it('1 after the caller left: the caller is gone, a miss not counted against the agent', async () => {
      const { engine, ringing, queue, clock, offer, presence, misses } = setup();
      const { callId, offer: ringingOffer } = await ringing();
      await queue.endWait(callId, 'left', clock.now());

      await expect(engine.answer(TENANT, ringingOffer.id, '1')).resolves.toEqual(goodbye(CALLER_GONE_TEXT));

      expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: 'caller-gone' });
      expect(misses('ada')).toBe(0);
      expect(presence.commands).toEqual([]);
    });

    it('1 after the offer was given up: the caller is no longer waiting for this agent; nothing changes', async () => {
      const { engine, ringing, clock, offer, presence, currentOffer } = setup();
      const { callId, offer: ringingOffer } = await ringing();
      clock.advanceBy(HOLD_MS);
      await engine.tick(); // gives the offer up and offers the call to grace
      await settle();

      await expect(engine.answer(TENANT, ringingOffer.id, '1')).resolves.toEqual(goodbye(CALLER_GONE_TEXT));

      expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: 'timed-out' });
      expect(await currentOffer(callId)).toMatchObject({ agentId: 'grace', status: 'ringing' });
      expect(presence.commands).toEqual([]);
    });

    it.each([
      ['an unknown offer', TENANT, 'offer-9'],
      ["another tenant's offer", 'other', 'offer-1'],
    ])('says goodbye to %s, and changes nothing', async (_case, tenantId, offerId) => {
      const { engine, ringing, offer } = setup();
      await ringing();

      await expect(engine.answer(tenantId, offerId, '1')).resolves.toEqual(goodbye());
      expect((await offer('offer-1')).status).toBe('ringing');
    });
  });

  describe("the agent leg's status callbacks", () => {
    it.each<[string, MissReason]>([
      ['no-answer', 'no-answer'],
      ['busy', 'busy'],
      ['failed', 'failed'],
      ['canceled', 'canceled'],
      ['completed', 'hung-up'],
    ])(
      'a final %s while it rings is a miss (%s) counted against the agent; the next agent is called',
      async (status, reason) => {
        const { ringing, legEnds, offer, misses, currentOffer, queue } = setup();
        const { callId, offer: ringingOffer } = await ringing();

        await legEnds(ringingOffer.id, status);

        expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: reason });
        expect(misses('ada')).toBe(1);
        expect(queue.agent(TENANT, 'ada')!.reservationId).toBeNull();
        expect((await currentOffer(callId)).agentId).toBe('grace');
      },
    );

    it.each(['queued', 'initiated', 'ringing', 'in-progress'])(
      'a status that does not end the leg (%s) changes nothing but the leg',
      async (status) => {
        const { engine, ringing, queue, offer, misses } = setup();
        const { offer: ringingOffer } = await ringing();

        await engine.legStatus(TENANT, ringingOffer.id, status, 1);

        expect((await offer(ringingOffer.id)).status).toBe('ringing');
        expect(queue.storedOffer(ringingOffer.id)).toMatchObject({ legStatus: status, legSequence: 1 });
        expect(misses('ada')).toBe(0);
      },
    );

    it('applies callbacks by SequenceNumber whatever order they arrive in; a final status is final', async () => {
      const { engine, ringing, queue, offer, misses } = setup();
      const { offer: ringingOffer } = await ringing();
      const id = ringingOffer.id;

      await engine.legStatus(TENANT, id, 'ringing', 2);
      await engine.legStatus(TENANT, id, 'initiated', 1); // late
      expect(queue.storedOffer(id)).toMatchObject({ legStatus: 'ringing', legSequence: 2 });

      await engine.legStatus(TENANT, id, 'no-answer', 4);
      await engine.legStatus(TENANT, id, 'no-answer', 4); // again
      await engine.legStatus(TENANT, id, 'completed', 5); // nothing comes after a final status
      await engine.legStatus(TENANT, id, 'in-progress', 3); // late
      await settle();

      expect(queue.storedOffer(id)).toMatchObject({ legStatus: 'no-answer', legSequence: 4 });
      expect(await offer(id)).toMatchObject({ status: 'missed', missReason: 'no-answer' });
      expect(misses('ada')).toBe(1);
    });

    it('applies an unnumbered callback only while no numbered one came', async () => {
      const { engine, ringing, queue } = setup();
      const { offer: ringingOffer } = await ringing();

      await engine.legStatus(TENANT, ringingOffer.id, 'initiated', -1);
      await engine.legStatus(TENANT, ringingOffer.id, 'ringing', -1);
      expect(queue.storedOffer(ringingOffer.id)!.legStatus).toBe('ringing');
      await engine.legStatus(TENANT, ringingOffer.id, 'in-progress', 0);
      await engine.legStatus(TENANT, ringingOffer.id, 'completed', -1);

      expect(queue.storedOffer(ringingOffer.id)).toMatchObject({ legStatus: 'in-progress', legSequence: 0 });
    });

    it.each([
      ['an unknown offer', TENANT, 'offer-9'],
      ["another tenant's offer", 'other', 'offer-1'],
    ])('ignores the callbacks of %s', async (_case, tenantId, offerId) => {
      const { engine, ringing, offer, queue } = setup();
      await ringing();

      await engine.legStatus(tenantId, offerId, 'no-answer', 1);

      expect((await offer('offer-1')).status).toBe('ringing');
      expect(queue.storedOffer('offer-1')!.legStatus).toBeNull();
    });

    it('the end of a leg already missed (the agent declined, then hung up) changes nothing more', async () => {
      const { engine, ringing, legEnds, offer, misses } = setup();
      const { offer: ringingOffer } = await ringing();
      await engine.answer(TENANT, ringingOffer.id, '2');

      await legEnds(ringingOffer.id, 'completed');

      expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: 'declined' });
      expect(misses('ada')).toBe(1);
    });
  });

  describe('the end of an accepted call', () => {
    async function accepted(s: ReturnType<typeof setup>) {
      const { offer } = await s.ringing();
      await s.engine.answer(TENANT, offer.id, '1');
      return offer.id;
    }

    it('keeps the agent for the wrap-up (DISPATCH_WRAP_UP_SECONDS), then tells presence they are free and releases them', async () => {
      const s = setup({ DISPATCH_WRAP_UP_SECONDS: '30' });
      const offerId = await accepted(s);
      s.queue.updateAgent(TENANT, 'ada', { state: 'busy' }); // as presence's event says
      s.clock.advanceBy(60_000);
      await s.legEnds(offerId, 'completed');

      expect(await s.offer(offerId)).toMatchObject({ status: 'ended' });
      expect(s.queue.storedOffer(offerId)!.wrapUpUntil).toEqual(new Date(s.clock.now().getTime() + 30_000));
      s.clock.advanceBy(29_999);
      await s.engine.tick();
      expect(s.presence.agentsTold('mark-available')).toEqual([]);
      expect(s.queue.agent(TENANT, 'ada')!.reservationId).not.toBeNull();

      s.clock.advanceBy(1);
      await s.engine.tick();

      expect(s.presence.agentsTold('mark-available')).toEqual(['ada']);
      expect(s.queue.storedOffer(offerId)!.freedAt).toEqual(s.clock.now());
      expect(s.queue.agent(TENANT, 'ada')!.reservationId).toBeNull();
    });

    it('offers the freed agent the next waiting call', async () => {
      const s = setup({ DISPATCH_WRAP_UP_SECONDS: '0' });
      for (const agentId of ['grace', 'alan']) s.queue.updateAgent(TENANT, agentId, { state: 'offline' });
      const offerId = await accepted(s);
      const next = await s.enqueue();
      await s.legEnds(offerId, 'completed');

      await s.engine.tick();

      expect(await s.currentOffer(next.id)).toMatchObject({ agentId: 'ada', status: 'ringing' });
    });

    it('frees the agent at once without a wrap-up time', async () => {
      const s = setup({ DISPATCH_WRAP_UP_SECONDS: '0' });
      const offerId = await accepted(s);

      await s.legEnds(offerId, 'completed');

      expect(s.presence.agentsTold('mark-available')).toEqual(['ada']);
      expect(s.queue.storedOffer(offerId)!.freedAt).toEqual(NOW);
    });

    it('frees an agent whose hours ran out during the call at once, so that presence takes them offline', async () => {
      const s = setup();
      s.presence.expiring.add('ada');
      const offerId = await accepted(s);
      s.clock.advanceBy(120_000);

      await s.legEnds(offerId, 'completed');

      expect(s.queue.storedOffer(offerId)).toMatchObject({
        wrapUpUntil: s.clock.now(),
        freedAt: s.clock.now(),
      });
      expect(s.presence.agentsTold('mark-available')).toEqual(['ada']);
    });

    it('wraps up as usual when presence cannot say whether the hours ran out', async () => {
      const s = setup();
      s.presence.failures.set('expires-when-call-ends', new Error('presence timed out'));
      const offerId = await accepted(s);

      await s.legEnds(offerId, 'completed');

      expect(s.queue.storedOffer(offerId)).toMatchObject({
        wrapUpUntil: new Date(NOW.getTime() + 10_000),
        freedAt: null,
      });
      expect(s.presence.agentsTold('mark-available')).toEqual([]);
    });

    it('keeps the agent until presence can be told they are free, trying again on each tick', async () => {
      const s = setup({ DISPATCH_WRAP_UP_SECONDS: '0' });
      s.presence.failures.set('mark-available', new Error('presence timed out'));
      const offerId = await accepted(s);

      await s.legEnds(offerId, 'completed');
      await s.engine.tick();
      expect(s.queue.storedOffer(offerId)!.freedAt).toBeNull();
      expect(s.queue.agent(TENANT, 'ada')!.reservationId).not.toBeNull();

      s.presence.failures.delete('mark-available');
      await s.engine.tick();

      expect(s.queue.storedOffer(offerId)!.freedAt).toEqual(NOW);
      expect(s.queue.agent(TENANT, 'ada')!.reservationId).toBeNull();
      expect(s.presence.agentsTold('mark-available')).toEqual(['ada']);
    });

    it('frees the agent when presence refuses for good (a coded error: the agent is gone), without asking again', async () => {
      const s = setup({ DISPATCH_WRAP_UP_SECONDS: '0' });
      s.presence.failures.set(
        'mark-available',
        new RemoteError('presence.cmd.mark-available', {
          code: 'PRESENCE.NOT_FOUND',
          message: 'no such agent',
        }),
      );
      const offerId = await accepted(s);

      await s.legEnds(offerId, 'completed');

      expect(s.queue.storedOffer(offerId)!.freedAt).toEqual(NOW);
      expect(s.queue.agent(TENANT, 'ada')!.reservationId).toBeNull();
    });
  });

  describe('misses in a row', () => {
    /** Three callers, one agent (ada): each call is offered to her until she has missed it. */
    async function adaAlone(s: ReturnType<typeof setup>, calls = 3) {
      for (const agentId of ['grace', 'alan']) s.queue.updateAgent(TENANT, agentId, { state: 'offline' });
      for (let i = 0; i < calls; i++) await s.enqueue();
      await s.engine.offerWaitingCalls(TENANT);
    }
    const adaMisses = async (s: ReturnType<typeof setup>, times: number) => {
      for (let i = 0; i < times; i++) {
        const open = [...s.queue.allCalls()].find((c) => c.status === 'offering')!;
        await s.legEnds(open.currentOfferId!, 'no-answer');
      }
    };

    it('at DISPATCH_MAX_CONSECUTIVE_MISSES take the agent offline as unreachable, and the count starts again', async () => {
      const s = setup();
      await adaAlone(s);

      await adaMisses(s, 2);
      expect(s.misses('ada')).toBe(2);
      expect(s.presence.agentsTold('go-offline-unreachable')).toEqual([]);
      await adaMisses(s, 1);

      expect(s.presence.commands).toEqual([
        { verb: 'go-offline-unreachable', tenantId: TENANT, agentId: 'ada' },
      ]);
      expect(s.misses('ada')).toBe(0);
    });

    it('follows the configured maximum', async () => {
      const s = setup({ DISPATCH_MAX_CONSECUTIVE_MISSES: '1' });
      await adaAlone(s, 1);

      await adaMisses(s, 1);

      expect(s.presence.agentsTold('go-offline-unreachable')).toEqual(['ada']);
    });

    it('are not broken by misses that are not the agent’s doing', async () => {
      const s = setup();
      await adaAlone(s, 4);
      await adaMisses(s, 2);
      const open = s.queue.allCalls().find((c) => c.status === 'offering')!;
      await s.queue.endWait(open.id, 'abandoned', s.clock.now());
      await s.engine.callerLeft(open.currentOfferId);
      await settle();
      expect(s.misses('ada')).toBe(2);

      await adaMisses(s, 1);

      expect(s.presence.agentsTold('go-offline-unreachable')).toEqual(['ada']);
    });

    it('are asked of presence again on the next tick when presence fails', async () => {
      const s = setup();
      s.presence.failures.set('go-offline-unreachable', new Error('presence timed out'));
      await adaAlone(s);
      await adaMisses(s, 3);
      expect(s.misses('ada')).toBe(3);

      await s.engine.tick();
      expect(s.misses('ada')).toBe(3);
      s.presence.failures.delete('go-offline-unreachable');
      await s.engine.tick();

      expect(s.presence.agentsTold('go-offline-unreachable')).toEqual(['ada']);
      expect(s.misses('ada')).toBe(0);
    });

    it('start again when presence refuses for good (a coded error: the agent is gone)', async () => {
      const s = setup();
      s.presence.failures.set(
        'go-offline-unreachable',
        new RemoteError('presence.cmd.go-offline', { code: 'PRESENCE.NOT_FOUND', message: 'no such agent' }),
      );
      await adaAlone(s);

      await adaMisses(s, 3);

      expect(s.misses('ada')).toBe(0);
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
      const { engine, ringing, twilio, offer } = setup();
      const { offer: ringingOffer } = await ringing();
      await engine.answer(TENANT, ringingOffer.id, '1');

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
