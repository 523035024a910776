import { Logger } from '@nestjs/common';
import { RemoteError } from '@tp/platform';
import { twilioQueueName, type MissReason } from '@tp/routing-domain';
import { NOW, TENANT, PHONES, HOLD_MS, goodbye, settle, setup } from '../../testing/offer-engine.fixture';
import { AgentLegs, CALLER_GONE_TEXT, screeningText } from './agent-legs';

beforeAll(() => Logger.overrideLogger(false));
afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose', 'fatal']));

describe(AgentLegs.name, () => {
  describe('screening', () => {
    it('tells an agent who answers which queue the caller waits in, and asks for 1 within the screening timeout', async () => {
      const { ringing, legs } = setup({ DISPATCH_SCREENING_TIMEOUT_SECONDS: '6' });
      const { offer } = await ringing({ queueName: 'Billing' });

      await expect(legs.screen(TENANT, offer.id)).resolves.toEqual({
        outcome: 'ok',
        steps: [{ type: 'screen', offerId: offer.id, text: screeningText('Billing'), timeoutS: 6 }],
        turn: null,
      });
    });

    it('screens an agent who answers before the placed call was recorded (still placing)', async () => {
      const { enqueue, queue, clock, legs } = setup();
      await enqueue();
      const plan = (await queue.claimNextOffer(TENANT, clock.now(), HOLD_MS, clock.now()))!;

      const answer = await legs.screen(TENANT, plan.offer.id);

      expect(answer.steps[0]).toMatchObject({ type: 'screen', offerId: plan.offer.id });
    });

    it.each([
      ['an unknown offer', TENANT, 'offer-9'],
      ["another tenant's offer", 'other', 'offer-1'],
      ['a webhook of no known tenant', null, 'offer-1'],
    ])('says goodbye to %s', async (_case, tenantId, offerId) => {
      const { ringing, offer, legs } = setup();
      await ringing();

      await expect(legs.screen(tenantId, offerId)).resolves.toEqual(goodbye());
      expect((await offer('offer-1')).status).toBe('ringing');
    });

    it('says goodbye to an agent whose offer is over', async () => {
      const { ringing, legEnds, legs } = setup();
      const { offer } = await ringing();
      await legEnds(offer.id, 'no-answer');

      await expect(legs.screen(TENANT, offer.id)).resolves.toEqual(goodbye());
    });

    it('tells the agent the caller is gone when they left while it rang: a miss not counted against the agent', async () => {
      const { ringing, queue, clock, offer, misses, legs } = setup();
      const { callId, offer: ringingOffer } = await ringing();
      await queue.endWait(callId, 'abandoned', clock.now());

      await expect(legs.screen(TENANT, ringingOffer.id)).resolves.toEqual(goodbye(CALLER_GONE_TEXT));

      expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: 'caller-gone' });
      expect(misses('ada')).toBe(0);
      expect(queue.agent(TENANT, 'ada')!.reservationId).toBeNull();
    });
  });

  describe("the agent's key", () => {
    it("1 accepts: the caller's call bridged, the agent marked busy with it and joined to the caller's queue; their misses start again", async () => {
      const { ringing, queue, call, offer, presence, misses, legs } = setup();
      queue.updateAgent(TENANT, 'ada', { consecutiveMisses: 2 });
      const { callId, offer: ringingOffer } = await ringing();
      const caller = await call(callId);

      await expect(legs.answer(TENANT, ringingOffer.id, '1')).resolves.toEqual({
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
      const { ringing, presence, offer, legs } = setup();
      presence.failures.set('mark-busy', new Error('presence timed out'));
      const { offer: ringingOffer } = await ringing();

      const answer = await legs.answer(TENANT, ringingOffer.id, '1');

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
        const { ringing, offer, call, misses, currentOffer, twilio, legs } = setup();
        const { callId, offer: ringingOffer } = await ringing();

        await expect(legs.answer(TENANT, ringingOffer.id, digits)).resolves.toEqual(goodbye());
        await settle();

        expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: reason });
        expect(misses('ada')).toBe(1);
        expect((await call(callId)).missedAgents).toEqual(['ada']);
        expect(await currentOffer(callId)).toMatchObject({ agentId: 'grace', attempt: 2, status: 'ringing' });
        expect(twilio.placed.map((p) => p.to)).toEqual([PHONES.ada, PHONES.grace]);
      },
    );

    it('a second answer to a missed offer changes nothing', async () => {
      const { ringing, misses, offer, legs } = setup();
      const { offer: ringingOffer } = await ringing();
      await legs.answer(TENANT, ringingOffer.id, '2');

      await expect(legs.answer(TENANT, ringingOffer.id, '')).resolves.toEqual(goodbye());
      await settle();

      expect(misses('ada')).toBe(1);
      expect((await offer(ringingOffer.id)).missReason).toBe('declined');
    });

    it('1 after the caller left: the caller is gone, a miss not counted against the agent', async () => {
      const { ringing, queue, clock, offer, presence, misses, legs } = setup();
      const { callId, offer: ringingOffer } = await ringing();
      await queue.endWait(callId, 'left', clock.now());

      await expect(legs.answer(TENANT, ringingOffer.id, '1')).resolves.toEqual(goodbye(CALLER_GONE_TEXT));

      expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: 'caller-gone' });
      expect(misses('ada')).toBe(0);
      expect(presence.commands).toEqual([]);
    });

    it('1 after the offer was given up: the caller is no longer waiting for this agent; nothing changes', async () => {
      const { engine, ringing, clock, offer, presence, currentOffer, legs } = setup();
      const { callId, offer: ringingOffer } = await ringing();
      clock.advanceBy(HOLD_MS);
      await engine.tick(); // gives the offer up and offers the call to grace
      await settle();

      await expect(legs.answer(TENANT, ringingOffer.id, '1')).resolves.toEqual(goodbye(CALLER_GONE_TEXT));

      expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: 'timed-out' });
      expect(await currentOffer(callId)).toMatchObject({ agentId: 'grace', status: 'ringing' });
      expect(presence.commands).toEqual([]);
    });

    it.each([
      ['an unknown offer', TENANT, 'offer-9'],
      ["another tenant's offer", 'other', 'offer-1'],
    ])('says goodbye to %s, and changes nothing', async (_case, tenantId, offerId) => {
      const { ringing, offer, legs } = setup();
      await ringing();

      await expect(legs.answer(tenantId, offerId, '1')).resolves.toEqual(goodbye());
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
        const { ringing, queue, offer, misses, legs } = setup();
        const { offer: ringingOffer } = await ringing();

        await legs.legStatus(TENANT, ringingOffer.id, status, 1);

        expect((await offer(ringingOffer.id)).status).toBe('ringing');
        expect(queue.storedOffer(ringingOffer.id)).toMatchObject({ legStatus: status, legSequence: 1 });
        expect(misses('ada')).toBe(0);
      },
    );

    it('applies callbacks by SequenceNumber whatever order they arrive in; a final status is final', async () => {
      const { ringing, queue, offer, misses, legs } = setup();
      const { offer: ringingOffer } = await ringing();
      const id = ringingOffer.id;

      await legs.legStatus(TENANT, id, 'ringing', 2);
      await legs.legStatus(TENANT, id, 'initiated', 1); // late
      expect(queue.storedOffer(id)).toMatchObject({ legStatus: 'ringing', legSequence: 2 });

      await legs.legStatus(TENANT, id, 'no-answer', 4);
      await legs.legStatus(TENANT, id, 'no-answer', 4); // again
      await legs.legStatus(TENANT, id, 'completed', 5); // nothing comes after a final status
      await legs.legStatus(TENANT, id, 'in-progress', 3); // late
      await settle();

      expect(queue.storedOffer(id)).toMatchObject({ legStatus: 'no-answer', legSequence: 4 });
      expect(await offer(id)).toMatchObject({ status: 'missed', missReason: 'no-answer' });
      expect(misses('ada')).toBe(1);
    });

    it('applies an unnumbered callback only while no numbered one came', async () => {
      const { ringing, queue, legs } = setup();
      const { offer: ringingOffer } = await ringing();

      await legs.legStatus(TENANT, ringingOffer.id, 'initiated', -1);
      await legs.legStatus(TENANT, ringingOffer.id, 'ringing', -1);
      expect(queue.storedOffer(ringingOffer.id)!.legStatus).toBe('ringing');
      await legs.legStatus(TENANT, ringingOffer.id, 'in-progress', 0);
      await legs.legStatus(TENANT, ringingOffer.id, 'completed', -1);

      expect(queue.storedOffer(ringingOffer.id)).toMatchObject({ legStatus: 'in-progress', legSequence: 0 });
    });

    it.each([
      ['an unknown offer', TENANT, 'offer-9'],
      ["another tenant's offer", 'other', 'offer-1'],
    ])('ignores the callbacks of %s', async (_case, tenantId, offerId) => {
      const { ringing, offer, queue, legs } = setup();
      await ringing();

      await legs.legStatus(tenantId, offerId, 'no-answer', 1);

      expect((await offer('offer-1')).status).toBe('ringing');
      expect(queue.storedOffer('offer-1')!.legStatus).toBeNull();
    });

    it('the end of a leg already missed (the agent declined, then hung up) changes nothing more', async () => {
      const { ringing, legEnds, offer, misses, legs } = setup();
      const { offer: ringingOffer } = await ringing();
      await legs.answer(TENANT, ringingOffer.id, '2');

      await legEnds(ringingOffer.id, 'completed');

      expect(await offer(ringingOffer.id)).toMatchObject({ status: 'missed', missReason: 'declined' });
      expect(misses('ada')).toBe(1);
    });
  });

  describe('the end of an accepted call', () => {
    async function accepted(s: ReturnType<typeof setup>) {
      const { offer } = await s.ringing();
      await s.legs.answer(TENANT, offer.id, '1');
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
});
