import { randomUUID } from 'node:crypto';
import { HOLD_MS, MAX_MISSES, type ContractWorld } from './routing-queue-contract.world';

/** The routing queue's contract for waiting calls: enqueue, place in line, end of a wait, claims. */
export function describeWaitingCallsContract(world: () => ContractWorld): void {
  describe('enqueue', () => {
    it('stores a waiting call with its skills normalised, no offer and nobody who missed it', async () => {
      const { queue, newCall } = world();
      const call = newCall({ requiredSkills: [' Support', 'billing', 'support'] });

      const stored = await queue.enqueue(call);

      expect(stored).toEqual({
        ...call,
        requiredSkills: ['billing', 'support'],
        status: 'waiting',
        currentOfferId: null,
        missedAgents: [],
        queueSid: null,
      });
      expect(await queue.findCall(call.id)).toEqual(stored);
    });

    it('is idempotent by (callSid, turn): a retry finds the first call; another turn is another call', async () => {
      const { queue, newCall, at } = world();
      const first = await queue.enqueue(newCall());

      const retry = await queue.enqueue({ ...newCall(), callSid: first.callSid, enqueuedAt: at(15_000) });
      const nextTurn = await queue.enqueue({ ...newCall(), callSid: first.callSid, turn: 1 });

      expect(retry).toEqual(first);
      expect(nextTurn.id).not.toBe(first.id);
      expect(nextTurn.turn).toBe(1);
    });

    it('finds nothing for an unknown call or offer', async () => {
      const { queue } = world();

      expect(await queue.findCall(randomUUID())).toBeNull();
      expect(await queue.findOffer(randomUUID())).toBeNull();
    });
  });

  describe('position', () => {
    it("counts the tenant's calls still waiting ahead in offer order: priority, then the longest waiting", async () => {
      const { queue, enqueue, newCall, tenantId, at, seed, claim } = world();
      await seed({ agentId: 'ada' });
      const offered = await enqueue({ enqueuedAt: at(-60_000) });
      await claim(); // offering still counts
      const ended = await enqueue({ enqueuedAt: at(-50_000) });
      await queue.endWait(ended.id, 'abandoned', at(0));
      const urgent = await enqueue({ priority: 9, enqueuedAt: at(-1_000) });
      const me = await enqueue({ enqueuedAt: at(-30_000) });
      const behind = await enqueue({ enqueuedAt: at(-10_000) });
      await queue.enqueue(newCall({ tenantId: `${tenantId}-other`, priority: 9, enqueuedAt: at(-100_000) }));

      expect(await queue.position(urgent.id)).toBe(1);
      expect(await queue.position(offered.id)).toBe(2);
      expect(await queue.position(me.id)).toBe(3);
      expect(await queue.position(behind.id)).toBe(4);
      expect(await queue.position(ended.id)).toBeNull();
      expect(await queue.position(randomUUID())).toBeNull();
    });
  });

  describe('endWait', () => {
    it('ends a wait once, only while the call waits or is being offered; answers the call as it was left', async () => {
      const { queue, enqueue, seed, claim, now } = world();
      await seed({ agentId: 'ada' });
      const offered = await enqueue();
      const plan = (await claim())!;
      const waiting = await enqueue();

      const left = await queue.endWait(waiting.id, 'left', now);
      const abandoned = await queue.endWait(offered.id, 'abandoned', now);

      expect(left).toMatchObject({ id: waiting.id, status: 'left' });
      expect(abandoned).toMatchObject({ id: offered.id, status: 'abandoned', currentOfferId: plan.offer.id });
      expect(await queue.endWait(waiting.id, 'abandoned', now)).toBeNull();
      expect((await queue.findCall(waiting.id))!.status).toBe('left');
      expect(await queue.endWait(randomUUID(), 'left', now)).toBeNull();
    });

    it('does not end the wait of a bridged call', async () => {
      const { queue, seed, ringingOffer, now } = world();
      await seed({ agentId: 'ada' });
      const { call, offer } = await ringingOffer();
      await queue.accept(offer.id, now);

      expect(await queue.endWait(call.id, 'abandoned', now)).toBeNull();
      expect((await queue.findCall(call.id))!.status).toBe('bridged');
    });
  });

  describe('tenantsWithWaitingCalls', () => {
    it('names the tenants with calls waiting (not being offered) before their deadline', async () => {
      const { queue, enqueue, tenantId, at, seed, claim } = world();
      await seed({ agentId: 'ada' });
      await enqueue();
      await claim();
      const tenants = async (ms: number) =>
        (await queue.tenantsWithWaitingCalls(at(ms))).filter((t) => t === tenantId);

      expect(await tenants(0)).toEqual([]);
      await enqueue({ deadline: at(60_000) });
      await enqueue({ deadline: at(60_000) });
      expect(await tenants(59_999)).toEqual([tenantId]);
      expect(await tenants(60_000)).toEqual([]);
    });
  });

  describe('claimNextOffer', () => {
    it('offers the first waiting call to the eligible agent idle longest: reserved, the offer placing, the call offering', async () => {
      const { queue, enqueue, seed, claim, tenantId, now, at, agent } = world();
      await seed(
        { agentId: 'busy', state: 'busy', idleSince: at(-7_200_000) },
        { agentId: 'unskilled', idleSince: at(-7_100_000) },
        { agentId: 'expiring', skills: ['support'], expiresAt: at(60_000), idleSince: at(-7_000_000) },
        { agentId: 'grace', skills: ['support', 'billing'], idleSince: at(-600_000) },
        { agentId: 'ada', skills: ['support'], idleSince: at(-1_200_000) },
      );
      const call = await enqueue({ requiredSkills: ['Support'] });

      const plan = await claim(now, at(5 * 60_000));

      expect(plan!.offer).toEqual({
        id: expect.any(String),
        tenantId,
        waitingCallId: call.id,
        agentId: 'ada',
        reservationId: expect.any(String),
        attempt: 1,
        status: 'placing',
        twilioAccount: 'platform',
        agentNumber: null,
        agentCallSid: null,
        missReason: null,
        holdUntil: at(HOLD_MS),
        createdAt: now,
      });
      expect(plan!.call).toEqual({
        ...call,
        requiredSkills: ['support'],
        status: 'offering',
        currentOfferId: plan!.offer.id,
      });
      expect(await queue.findCall(call.id)).toEqual(plan!.call);
      expect(await queue.findOffer(plan!.offer.id)).toEqual(plan!.offer);
      expect(await agent(tenantId, 'ada')).toMatchObject({
        reservationId: plan!.offer.reservationId,
        reservedUntil: at(HOLD_MS),
      });
    });

    it('takes the calls by priority, then the longest waiting; a call nobody can take does not block the next', async () => {
      const { queue, enqueue, seed, claim, at } = world();
      await seed({ agentId: 'ada' }, { agentId: 'grace' });
      const old = await enqueue({ enqueuedAt: at(-60_000) });
      const rare = await enqueue({ enqueuedAt: at(-90_000), requiredSkills: ['klingon'] });
      const urgent = await enqueue({ priority: 5, enqueuedAt: at(-1_000) });
      await enqueue({ enqueuedAt: at(-30_000) });

      const first = await claim();
      const second = await claim();
      const third = await claim();

      expect([first!.call.id, second!.call.id]).toEqual([urgent.id, old.id]);
      expect([first!.offer.agentId, second!.offer.agentId]).toEqual(['ada', 'grace']);
      expect(third).toBeNull();
      expect((await queue.findCall(rare.id))!.status).toBe('waiting');
    });

    it('never offers a call past its deadline, nor to an agent who missed it; a new attempt for the next agent', async () => {
      const { queue, enqueue, seed, claim, at, now } = world();
      await seed({ agentId: 'ada' }, { agentId: 'grace' });
      await enqueue({ deadline: at(0) });
      const call = await enqueue();
      const first = (await claim())!;
      await queue.miss(first.offer.id, 'declined', now, MAX_MISSES);

      const second = (await claim())!;
      await queue.miss(second.offer.id, 'no-answer', now, MAX_MISSES);

      expect(second.call.id).toBe(call.id);
      expect(second.offer).toMatchObject({ agentId: 'grace', attempt: 2 });
      expect(second.call.missedAgents).toEqual(['ada']);
      expect(await claim()).toBeNull();
      expect((await queue.findCall(call.id))!.missedAgents).toEqual(['ada', 'grace']);
    });

    it('offers the call again to an agent whose offer was never placed (the phone never rang)', async () => {
      const { queue, seed, enqueue, claim, now } = world();
      await seed({ agentId: 'ada' }, { agentId: 'grace' });
      const call = await enqueue();
      const first = (await claim())!;
      await queue.miss(first.offer.id, 'not-placed', now, MAX_MISSES);

      const again = (await claim())!;

      expect((await queue.findCall(call.id))!.missedAgents).toEqual([]);
      expect(again.offer).toMatchObject({ agentId: 'ada', attempt: 2 });
    });

    it('offers a reserved agent again only once the reservation ran out', async () => {
      const { enqueue, seed, claim, at } = world();
      await seed({ agentId: 'ada' });
      await enqueue();
      await enqueue();
      expect(await claim()).not.toBeNull();

      expect(await claim(at(HOLD_MS - 1))).toBeNull();
      expect((await claim(at(HOLD_MS)))!.offer.agentId).toBe('ada');
    });

    it('claims atomically: claims at once never take one call or one agent twice', async () => {
      const { enqueue, seed, claim } = world();
      await seed(...['a', 'b', 'c', 'd'].map((agentId) => ({ agentId })));
      for (let i = 0; i < 6; i++) await enqueue();

      const plans = (await Promise.all(Array.from({ length: 8 }, () => claim()))).filter((p) => p !== null);
      // A claim passes over the rows another one holds at that moment: what is left is claimed after.
      for (let plan = await claim(); plan !== null; plan = await claim()) plans.push(plan);

      expect(plans).toHaveLength(4);
      expect(new Set(plans.map((p) => p.offer.agentId)).size).toBe(4);
      expect(new Set(plans.map((p) => p.call.id)).size).toBe(4);
    });
  });
}
