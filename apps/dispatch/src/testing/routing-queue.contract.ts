import { randomUUID } from 'node:crypto';
import type { RoutingPresenceState } from '@tp/routing-domain';
import type { NewWaitingCall, Offer, RoutingQueue } from '../routing/application/ports/routing-queue.port';

/** An agent of routing's read model, as a contract test needs one. */
export interface AgentSeed {
  readonly agentId: string;
  /** Normalised skill names. */
  readonly skills?: readonly string[];
  /** Online unless told. */
  readonly state?: RoutingPresenceState;
  /** Far in the future unless told. */
  readonly expiresAt?: Date;
  readonly idleSince: Date;
  readonly consecutiveMisses?: number;
}

/** What the contract reads of an agent's row besides the port. */
export interface AgentRow {
  readonly reservationId: string | null;
  readonly reservedUntil: Date | null;
  readonly consecutiveMisses: number;
}

/** One implementation of {@link RoutingQueue} with a way to seed and read routing's read model. */
export interface RoutingQueueHarness {
  readonly queue: RoutingQueue;
  seedAgents(tenantId: string, agents: readonly AgentSeed[]): Promise<void>;
  agent(tenantId: string, agentId: string): Promise<AgentRow>;
}

const HOLD_MS = 48_000;
const MAX_MISSES = 3;
const DAY = 86_400_000;
/** Agents who reach this many misses are only ever made by the `settleUnreachable` test. */
const SETTLE_MAX = 7;

/**
 * What {@link RoutingQueue} promises, as tests any implementation must pass: the in-memory fake of
 * the unit tests and the PostgreSQL adapter run the same. Each test has a tenant of its own and a
 * day of its own, each earlier than the one before, so that rows another test left are never due
 * (the adapter's database is shared by the file's tests; the calls that look at every tenant are
 * filtered to the test's own).
 */
export function describeRoutingQueueContract(harness: () => RoutingQueueHarness): void {
  const run = randomUUID().slice(0, 8);
  let tests = 0;
  let calls = 0;

  function world() {
    tests += 1;
    const { queue, seedAgents, agent } = harness();
    const tenantId = `contract-${run}-${tests}`;
    const now = new Date(Date.UTC(2030, 0, 1, 12) - tests * DAY);
    const at = (ms: number) => new Date(now.getTime() + ms);
    const newCall = (overrides: Partial<NewWaitingCall> = {}): NewWaitingCall => {
      calls += 1;
      return {
        id: randomUUID(),
        tenantId,
        callSid: `CA${randomUUID().replace(/-/g, '')}`,
        sessionId: `session-${calls}`,
        turn: 0,
        twilioAccount: 'platform',
        contactPoint: '+14155550100',
        queueNodeId: 'queue-1',
        queueName: 'Support',
        requiredSkills: [],
        priority: 0,
        hold: [{ type: 'say', text: 'Please hold.' }],
        enqueuedAt: now,
        deadline: at(300_000),
        ...overrides,
      };
    };
    const enqueue = (overrides: Partial<NewWaitingCall> = {}) => queue.enqueue(newCall(overrides));
    const seed = (...agents: (Omit<AgentSeed, 'idleSince'> & { idleSince?: Date })[]) =>
      seedAgents(
        tenantId,
        agents.map((a, i) => ({ ...a, idleSince: a.idleSince ?? at(-3_600_000 + i * 1_000) })),
      );
    const claim = (when = now, cutoff = when) => queue.claimNextOffer(tenantId, when, HOLD_MS, cutoff);
    /** A call offered to an agent and ringing. */
    const ringingOffer = async (overrides: Partial<NewWaitingCall> = {}) => {
      const call = await enqueue(overrides);
      const plan = (await claim())!;
      await queue.offerPlaced(plan.offer.id, '+14155550101', `CA${'a'.repeat(32)}`, now);
      return { call, offer: (await queue.findOffer(plan.offer.id))! };
    };
    const mine = (offers: Offer[]) => offers.filter((o) => o.tenantId === tenantId);
    return { queue, agent, tenantId, now, at, newCall, enqueue, seed, claim, ringingOffer, mine };
  }

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
