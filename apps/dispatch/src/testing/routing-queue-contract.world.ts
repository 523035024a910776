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

export const HOLD_MS = 48_000;
export const MAX_MISSES = 3;
export const DAY = 86_400_000;
/** Agents who reach this many misses are only ever made by the `settleUnreachable` test. */
export const SETTLE_MAX = 7;

/**
 * The contract's worlds, one per test. Each test has a tenant of its own and a
 * day of its own, each earlier than the one before, so that rows another test left are never due
 * (the adapter's database is shared by the file's tests; the calls that look at every tenant are
 * filtered to the test's own).
 */
export function contractWorlds(harness: () => RoutingQueueHarness) {
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

  return world;
}

/** A test's own world: its tenant, its day, and the steps it arranges with. */
export type ContractWorld = ReturnType<ReturnType<typeof contractWorlds>>;
