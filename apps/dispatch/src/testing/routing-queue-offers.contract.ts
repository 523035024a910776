import type { Offer } from '../routing/application/ports/routing-queue.port';
import { randomUUID } from 'node:crypto';
import { HOLD_MS, MAX_MISSES, SETTLE_MAX, type ContractWorld } from './routing-queue-contract.world';

/** The routing queue's contract for offers: placed, accepted, missed, leg status, the end of a call, the tick's sweeps. */
export function describeOffersContract(world: () => ContractWorld): void {
  describe('offerPlaced', () => {
    it('records the number and CallSid; a placing offer rings, a settled one stays settled', async () => {
      const { queue, enqueue, seed, claim, now } = world();
      await seed({ agentId: 'ada' }, { agentId: 'grace' });
      await enqueue();
      await enqueue();
      const ringing = (await claim())!;
      const missed = (await claim())!;
      await queue.miss(missed.offer.id, 'caller-gone', now, MAX_MISSES);

      await queue.offerPlaced(ringing.offer.id, '+14155550101', `CA${'1'.repeat(32)}`, now);
      await queue.offerPlaced(missed.offer.id, '+14155550102', `CA${'2'.repeat(32)}`, now);

      expect(await queue.findOffer(ringing.offer.id)).toMatchObject({
        status: 'ringing',
        agentNumber: '+14155550101',
        agentCallSid: `CA${'1'.repeat(32)}`,
      });
      expect(await queue.findOffer(missed.offer.id)).toMatchObject({
        status: 'missed',
        agentCallSid: `CA${'2'.repeat(32)}`,
      });
    });
  });

  describe('accept', () => {
    it("accepts a ringing offer of a call still offered: the call bridged, the agent's misses reset", async () => {
      const { queue, seed, ringingOffer, now, tenantId, agent } = world();
      await seed({ agentId: 'ada', consecutiveMisses: 2 });
      const { call, offer } = await ringingOffer();

      const result = await queue.accept(offer.id, now);

      expect(result).toEqual({
        accepted: true,
        offer: { ...offer, status: 'accepted' },
        call: { ...(await queue.findCall(call.id)), status: 'bridged' },
      });
      expect((await queue.findOffer(offer.id))!.status).toBe('accepted');
      expect((await queue.findCall(call.id))!.status).toBe('bridged');
      expect((await agent(tenantId, 'ada')).consecutiveMisses).toBe(0);
      expect(await queue.accept(offer.id, now)).toEqual({ accepted: false, why: 'settled' });
    });

    it('refuses an offer whose caller left (caller-gone), a missed offer and an unknown one (settled)', async () => {
      const { queue, seed, ringingOffer, now, tenantId, agent } = world();
      await seed({ agentId: 'ada', consecutiveMisses: 2 }, { agentId: 'grace' });
      const left = await ringingOffer();
      await queue.endWait(left.call.id, 'left', now);
      const missed = await ringingOffer();
      await queue.miss(missed.offer.id, 'timed-out', now, MAX_MISSES);

      expect(await queue.accept(left.offer.id, now)).toEqual({ accepted: false, why: 'caller-gone' });
      expect(await queue.accept(missed.offer.id, now)).toEqual({ accepted: false, why: 'settled' });
      expect(await queue.accept(randomUUID(), now)).toEqual({ accepted: false, why: 'settled' });
      expect((await queue.findOffer(left.offer.id))!.status).toBe('ringing');
      expect((await agent(tenantId, 'ada')).consecutiveMisses).toBe(2);
    });
  });

  describe('miss', () => {
    it("misses once: the agent's reservation released, the call waiting again with the agent remembered", async () => {
      const { queue, seed, ringingOffer, now, tenantId, agent } = world();
      await seed({ agentId: 'ada' });
      const { call, offer } = await ringingOffer();

      const result = await queue.miss(offer.id, 'no-answer', now, MAX_MISSES);

      expect(result).toEqual({
        offer: { ...offer, status: 'missed', missReason: 'no-answer' },
        unreachable: false,
      });
      expect(await queue.findCall(call.id)).toMatchObject({
        status: 'waiting',
        currentOfferId: null,
        missedAgents: ['ada'],
      });
      expect(await agent(tenantId, 'ada')).toEqual({
        reservationId: null,
        reservedUntil: null,
        consecutiveMisses: 1,
      });
      expect(await queue.miss(offer.id, 'busy', now, MAX_MISSES)).toBeNull();
      expect((await agent(tenantId, 'ada')).consecutiveMisses).toBe(1);
      expect(await queue.miss(randomUUID(), 'busy', now, MAX_MISSES)).toBeNull();
    });

    it.each([
      ['no-answer', 3, true],
      ['declined', 3, true],
      ['caller-gone', 2, false],
      ['timed-out', 2, false],
      ['not-placed', 2, false],
    ] as const)(
      'after two misses, a %s miss leaves the agent at %i misses, unreachable: %s',
      async (reason, count, unreachable) => {
        const { queue, seed, ringingOffer, now, tenantId, agent } = world();
        await seed({ agentId: 'ada', consecutiveMisses: 2 });
        const { offer } = await ringingOffer();

        const result = await queue.miss(offer.id, reason, now, MAX_MISSES);

        expect(result!.unreachable).toBe(unreachable);
        expect((await agent(tenantId, 'ada')).consecutiveMisses).toBe(count);
      },
    );

    it('leaves a call that is no longer offered as it is', async () => {
      const { queue, seed, ringingOffer, now } = world();
      await seed({ agentId: 'ada' });
      const { call, offer } = await ringingOffer();
      await queue.endWait(call.id, 'abandoned', now);

      await queue.miss(offer.id, 'caller-gone', now, MAX_MISSES);

      expect(await queue.findCall(call.id)).toMatchObject({ status: 'abandoned', missedAgents: [] });
    });
  });

  describe('applyLegStatus', () => {
    it('applies a status only when newer by SequenceNumber, and nothing after a final one', async () => {
      const { queue, seed, ringingOffer, now } = world();
      await seed({ agentId: 'ada' });
      const { offer } = await ringingOffer();
      const apply = (status: string, sequence: number) =>
        queue.applyLegStatus(offer.id, status, sequence, now);

      expect(await apply('initiated', 0)).toBe(true);
      expect(await apply('in-progress', 2)).toBe(true);
      expect(await apply('ringing', 1)).toBe(false);
      expect(await apply('in-progress', 2)).toBe(false);
      expect(await apply('completed', 3)).toBe(true);
      expect(await apply('completed', 4)).toBe(false);
      expect(await apply('in-progress', 5)).toBe(false);
      expect(await queue.applyLegStatus(randomUUID(), 'completed', 1, now)).toBe(false);
    });

    it('applies unnumbered statuses only until a numbered one came', async () => {
      const { queue, seed, ringingOffer, now } = world();
      await seed({ agentId: 'ada' });
      const { offer } = await ringingOffer();
      const apply = (status: string, sequence: number) =>
        queue.applyLegStatus(offer.id, status, sequence, now);

      expect(await apply('initiated', -1)).toBe(true);
      expect(await apply('ringing', -1)).toBe(true);
      expect(await apply('in-progress', 0)).toBe(true);
      expect(await apply('completed', -1)).toBe(false);
    });
  });

  describe('endCall', () => {
    it('ends an accepted call once, with the wrap-up until `freeAt`', async () => {
      const { queue, seed, ringingOffer, now, at } = world();
      await seed({ agentId: 'ada' }, { agentId: 'grace' });
      const accepted = await ringingOffer();
      await queue.accept(accepted.offer.id, now);
      const ringing = await ringingOffer();

      const ended = await queue.endCall(accepted.offer.id, at(60_000), at(70_000));

      expect(ended).toEqual({ ...accepted.offer, status: 'ended' });
      expect(await queue.endCall(accepted.offer.id, at(61_000), at(71_000))).toBeNull();
      expect(await queue.endCall(ringing.offer.id, at(60_000), at(70_000))).toBeNull();
      expect(await queue.endCall(randomUUID(), at(60_000), at(70_000))).toBeNull();
    });
  });

  describe('freeDueAgents', () => {
    it('frees each agent whose wrap-up ended, in due order, once `free` succeeded; a failure leaves it for the next time', async () => {
      const { queue, seed, ringingOffer, now, at, tenantId, agent } = world();
      await seed({ agentId: 'ada' }, { agentId: 'grace' }, { agentId: 'alan' });
      const ends = [
        [20_000, 30_000],
        [10_000, 20_000],
        [50_000, 90_000],
      ];
      const offers: Offer[] = [];
      for (const [endedAt, freeAt] of ends) {
        const { offer } = await ringingOffer();
        await queue.accept(offer.id, now);
        await queue.endCall(offer.id, at(endedAt), at(freeAt));
        offers.push(offer);
      }
      const freed: string[] = [];
      const free = (failFor: string | null) => async (offer: Offer) => {
        if (offer.tenantId !== tenantId) return;
        if (offer.agentId === failFor) throw new Error('presence timed out');
        freed.push(offer.agentId);
      };

      await expect(queue.freeDueAgents(at(30_000), 100, free('ada'))).rejects.toThrow('presence timed out');
      expect(freed).toEqual(['grace']);
      expect((await agent(tenantId, 'ada')).reservationId).toBe(offers[0].reservationId);
      expect((await agent(tenantId, 'grace')).reservationId).toBeNull();

      expect(await queue.freeDueAgents(at(30_000), 100, free(null))).toBeGreaterThanOrEqual(1);
      expect(freed).toEqual(['grace', 'ada']);
      expect((await agent(tenantId, 'ada')).reservationId).toBeNull();
      expect((await agent(tenantId, 'alan')).reservationId).toBe(offers[2].reservationId);
      await queue.freeDueAgents(at(30_000), 100, free(null));
      expect(freed).toEqual(['grace', 'ada']);

      expect(await queue.freeDueAgents(at(90_000), 1, free(null))).toBe(1);
      expect(freed).toEqual(['grace', 'ada', 'alan']);
    });
  });

  describe('settleUnreachable', () => {
    it('takes each agent at the maximum of misses offline and starts their count again, only once `goOffline` succeeded', async () => {
      const { queue, seed, tenantId, agent } = world();
      await seed(
        { agentId: 'ada', consecutiveMisses: SETTLE_MAX },
        { agentId: 'grace', consecutiveMisses: SETTLE_MAX + 1 },
        { agentId: 'alan', consecutiveMisses: SETTLE_MAX - 1 },
      );
      const offline: string[] = [];
      const goOffline = (failFor: string | null) => async (tenant: string, agentId: string) => {
        if (tenant !== tenantId) return;
        if (agentId === failFor) throw new Error('presence timed out');
        offline.push(agentId);
      };

      await expect(queue.settleUnreachable(SETTLE_MAX, 100, goOffline('ada'))).rejects.toThrow(
        'presence timed out',
      );
      expect((await agent(tenantId, 'ada')).consecutiveMisses).toBe(SETTLE_MAX);

      expect(await queue.settleUnreachable(SETTLE_MAX, 1, goOffline(null))).toBe(1);
      await queue.settleUnreachable(SETTLE_MAX, 100, goOffline(null));

      expect(offline.sort()).toEqual(['ada', 'grace']);
      expect((await agent(tenantId, 'ada')).consecutiveMisses).toBe(0);
      expect((await agent(tenantId, 'grace')).consecutiveMisses).toBe(0);
      expect((await agent(tenantId, 'alan')).consecutiveMisses).toBe(SETTLE_MAX - 1);
      expect(await queue.settleUnreachable(SETTLE_MAX, 100, goOffline(null))).toBe(0);
    });
  });

  describe('openOffersPast', () => {
    it('answers the offers still placing or ringing whose hold ran out, the oldest first, up to the limit', async () => {
      const { queue, enqueue, seed, claim, now, at, mine } = world();
      await seed({ agentId: 'ada' }, { agentId: 'grace' }, { agentId: 'alan' });
      for (let i = 0; i < 3; i++) await enqueue();
      const late = (await claim(at(1_000)))!;
      const early = (await claim(at(0)))!;
      const settled = (await claim(at(0)))!;
      await queue.offerPlaced(late.offer.id, '+14155550101', `CA${'1'.repeat(32)}`, now);
      await queue.miss(settled.offer.id, 'declined', now, MAX_MISSES);

      expect(mine(await queue.openOffersPast(at(HOLD_MS - 1), 100))).toEqual([]);
      expect(mine(await queue.openOffersPast(at(HOLD_MS), 100)).map((o) => o.id)).toEqual([early.offer.id]);
      expect(mine(await queue.openOffersPast(at(HOLD_MS + 1_000), 100)).map((o) => o.id)).toEqual([
        early.offer.id,
        late.offer.id,
      ]);
      expect(mine(await queue.openOffersPast(at(HOLD_MS + 1_000), 1)).map((o) => o.id)).toEqual([
        early.offer.id,
      ]);
    });
  });
}
