import { AgentIndex } from './agent-index';
import { rankEligible } from './eligibility';
import { unknownAgent, type RoutingAgent } from './routing-agent';

const NOW = new Date('2026-11-24T12:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

function agent(agentId: string, fields: Partial<RoutingAgent> = {}): RoutingAgent {
  return {
    ...unknownAgent('acme', agentId),
    state: 'online',
    expiresAt: at(240),
    presenceSequence: 1,
    skills: ['support'],
    idleSince: at(-30),
    ...fields,
  };
}

const ids = (agents: Iterable<RoutingAgent>) => [...agents].map((a) => a.agentId);

/** A deterministic pseudo-random sequence (the test must be repeatable). */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('AgentIndex', () => {
  it('yields eligible agents longest idle first, ties by agent id', () => {
    const index = new AgentIndex();
    index.put(agent('c', { idleSince: at(-10) }));
    index.put(agent('b', { idleSince: at(-50) }));
    index.put(agent('a', { idleSince: at(-10) }));
    expect(ids(index.eligible(['support'], NOW))).toEqual(['b', 'a', 'c']);
  });

  it('applies every rule of isEligible', () => {
    const index = new AgentIndex({ expiryMarginMinutes: 5 });
    index.put(agent('ok'));
    index.put(agent('busy', { state: 'busy' }));
    index.put(agent('offline', { state: 'offline' }));
    index.put(agent('disabled', { status: 'disabled' }));
    index.put(agent('reserved', { reservedUntil: at(1) }));
    index.put(agent('reservation-over', { reservedUntil: at(-1) }));
    index.put(agent('no-skill', { skills: ['sales'] }));
    index.put(agent('expiring', { expiresAt: at(4) }));
    index.put(agent('not-idle', { idleSince: null }));
    expect(ids(index.eligible(['support'], NOW))).toEqual(['ok', 'reservation-over']);
    expect(index.size).toBe(8); // offline agents are not kept
  });

  it('requires every skill asked for, ignoring case, and all agents when none is asked', () => {
    const index = new AgentIndex();
    index.put(agent('both', { skills: ['Sales', 'support'], idleSince: at(-5) }));
    index.put(agent('one', { skills: ['support'], idleSince: at(-9) }));
    index.put(agent('none', { skills: [], idleSince: at(-7) }));
    expect(ids(index.eligible([' SALES', 'Support'], NOW))).toEqual(['both']);
    expect(ids(index.eligible(['billing'], NOW))).toEqual([]);
    expect(ids(index.eligible([], NOW))).toEqual(['one', 'none', 'both']);
  });

  it('skips excluded and held agents until released', () => {
    const index = new AgentIndex();
    index.put(agent('a', { idleSince: at(-3) }));
    index.put(agent('b', { idleSince: at(-2) }));
    index.put(agent('c', { idleSince: at(-1) }));
    index.hold('a');
    expect(ids(index.eligible(['support'], NOW, new Set(['b'])))).toEqual(['c']);
    index.release('a');
    expect(ids(index.eligible(['support'], NOW))).toEqual(['a', 'b', 'c']);
  });

  it('moves an agent when replaced (a call ended: idle again from now) and forgets deleted ones', () => {
    const index = new AgentIndex();
    index.put(agent('a', { idleSince: at(-3), skills: ['support', 'sales'] }));
    index.put(agent('b', { idleSince: at(-2) }));
    index.put(agent('a', { idleSince: at(0), skills: ['support'] }));
    expect(ids(index.eligible(['support'], NOW))).toEqual(['b', 'a']);
    expect(ids(index.eligible(['sales'], NOW))).toEqual([]);
    index.delete('b');
    index.delete('nobody');
    expect(ids(index.eligible(['support'], NOW))).toEqual(['a']);
    expect(index.get('b')).toBeUndefined();
    expect(index.agentIds()).toEqual(['a']);
  });

  it('records reservations and tells which agents it believes reserved', () => {
    const index = new AgentIndex();
    index.put(agent('a', { idleSince: at(-3) }));
    index.put(agent('b', { idleSince: at(-2) }));
    index.setReservation('a', at(1), 'r-1');
    index.setReservation('nobody', at(1), 'r-2');
    expect(ids(index.eligible(['support'], NOW))).toEqual(['b']);
    expect(index.reservedAt(NOW)).toEqual(['a']);
    expect(index.reservedAt(at(2))).toEqual([]);
    expect(index.get('a')).toMatchObject({ reservedUntil: at(1), reservationId: 'r-1' });
    index.setReservation('a', null, null);
    expect(ids(index.eligible(['support'], NOW))).toEqual(['a', 'b']);
  });

  it('walks lazily: an agent reserved during the walk is not yielded after', () => {
    const index = new AgentIndex();
    for (const [id, minutes] of [
      ['a', -4],
      ['b', -3],
      ['c', -2],
    ] as const)
      index.put(agent(id, { idleSince: at(minutes) }));
    const walk = index.eligible(['support'], NOW);
    expect(walk.next().value?.agentId).toBe('a');
    index.setReservation('b', at(1), 'r-1');
    expect(ids({ [Symbol.iterator]: () => walk })).toEqual(['c']);
  });

  it('gives the same order as rankEligible over random agents and asks', () => {
    const random = lcg(7);
    const skills = ['s0', 's1', 's2', 's3', 's4', 's5'];
    const pick = () => skills[Math.floor(random() * skills.length)];
    const agents: RoutingAgent[] = [];
    const index = new AgentIndex({ expiryMarginMinutes: 5 });
    for (let i = 0; i < 400; i++) {
      const a = agent(`agent-${i}`, {
        state: random() < 0.1 ? 'busy' : random() < 0.05 ? 'offline' : 'online',
        status: random() < 0.05 ? 'disabled' : 'active',
        skills: [pick(), pick()],
        idleSince: random() < 0.05 ? null : at(-Math.floor(random() * 60)), // many ties
        expiresAt: at(random() < 0.1 ? 3 : 120),
        reservedUntil: random() < 0.1 ? at(random() < 0.5 ? 1 : -1) : null,
      });
      index.put(a);
      agents.push(a);
    }
    // Replace a few, as refreshes do.
    for (let i = 0; i < 400; i += 7) {
      const moved = { ...agents[i], idleSince: at(-Math.floor(random() * 60)), skills: [pick()] };
      index.put(moved);
      agents[i] = moved;
    }
    for (let ask = 0; ask < 50; ask++) {
      const required = ask % 5 === 0 ? [] : ask % 3 === 0 ? [pick(), pick()] : [pick()];
      expect(ids(index.eligible(required, NOW))).toEqual(ids(rankEligible(agents, required, NOW)));
    }
  });
});
