import { DEFAULT_ROUTING_POLICY, isEligible, type RoutingPolicy } from './eligibility';
import { normaliseSkills, type RoutingAgent } from './routing-agent';

/**
 * One agent's place in the index. What orders it (idle start, agent id) and files it (skills) is
 * fixed for the entry's life; the rest of `agent` (a reservation) is replaced in place.
 */
interface Entry {
  agent: RoutingAgent;
}

/** Longest idle first, then agent id: `byLongestIdle` for agents with a known idle start. */
function before(a: Entry, b: Entry): boolean {
  const idle = a.agent.idleSince!.getTime() - b.agent.idleSince!.getTime();
  if (idle !== 0) return idle < 0;
  return a.agent.agentId < b.agent.agentId;
}

/** A list kept in `byLongestIdle` order, with binary-search insert and removal. */
class IdleOrder {
  readonly agents: Entry[] = [];

  /** Where `entry` is, or would be inserted. */
  private slot(entry: Entry): number {
    let lo = 0;
    let hi = this.agents.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(this.agents[mid], entry)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(entry: Entry): void {
    this.agents.splice(this.slot(entry), 0, entry);
  }

  remove(entry: Entry): void {
    const at = this.slot(entry);
    if (this.agents[at] === entry) this.agents.splice(at, 1);
  }
}

const sameSkills = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((s, i) => s === b[i]);

/**
 * One tenant's routing agents in memory, indexed so that the eligible agents for a set of skills
 * come out in the order calls are offered (`rankEligible`: longest idle first) without looking at
 * the rest: an idle-ordered list per skill, the rarest required skill's list walked and every
 * agent on it checked with `isEligible`. The same rule as the SQL of the PostgreSQL adapter; what
 * this index holds is a copy, so whoever reserves from it must re-check against the source (a
 * compare-and-set) and tell the index what it learned.
 *
 * Agents in flight (a reservation being attempted by this process) are `hold`-ed: skipped until
 * `release`d, so concurrent asks of one process never try the same agent.
 */
export class AgentIndex {
  private readonly byId = new Map<string, Entry>();
  /** Agents with a known idle start, in offer order; and the same per (normalised) skill. */
  private readonly all = new IdleOrder();
  private readonly bySkill = new Map<string, IdleOrder>();
  private readonly inFlight = new Set<string>();

  constructor(private readonly policy: RoutingPolicy = DEFAULT_ROUTING_POLICY) {}

  get size(): number {
    return this.byId.size;
  }

  /** What the index holds of the agent (a new object after every change: compare by identity). */
  get(agentId: string): RoutingAgent | undefined {
    return this.byId.get(agentId)?.agent;
  }

  /** Adds the agent or replaces what the index held of them; offline agents are dropped. */
  put(agent: RoutingAgent): void {
    if (agent.state === 'offline') return this.delete(agent.agentId);
    const stored: RoutingAgent = { ...agent, skills: normaliseSkills(agent.skills) };
    const entry = this.byId.get(agent.agentId);
    if (
      entry &&
      entry.agent.idleSince?.getTime() === stored.idleSince?.getTime() &&
      sameSkills(entry.agent.skills, stored.skills)
    ) {
      entry.agent = stored; // same place in every list
      return;
    }
    this.delete(agent.agentId);
    const added: Entry = { agent: stored };
    this.byId.set(stored.agentId, added);
    if (stored.idleSince === null) return;
    this.all.insert(added);
    for (const skill of stored.skills) {
      let order = this.bySkill.get(skill);
      if (!order) this.bySkill.set(skill, (order = new IdleOrder()));
      order.insert(added);
    }
  }

  delete(agentId: string): void {
    const entry = this.byId.get(agentId);
    if (!entry) return;
    this.byId.delete(agentId);
    if (entry.agent.idleSince === null) return;
    this.all.remove(entry);
    for (const skill of entry.agent.skills) {
      const order = this.bySkill.get(skill);
      order?.remove(entry);
      if (order?.agents.length === 0) this.bySkill.delete(skill);
    }
  }

  /** Records a reservation (or, with `until` null, its end); the agent keeps their place. */
  setReservation(agentId: string, until: Date | null, reservationId: string | null): void {
    const entry = this.byId.get(agentId);
    if (entry) entry.agent = { ...entry.agent, reservedUntil: until, reservationId, reservationCall: null };
  }

  /** Every agent held here. */
  agentIds(): string[] {
    return [...this.byId.keys()];
  }

  /** Agents the index believes reserved at `now`. */
  reservedAt(now: Date): string[] {
    const ids: string[] = [];
    for (const { agent } of this.byId.values())
      if (agent.reservedUntil !== null && agent.reservedUntil.getTime() > now.getTime())
        ids.push(agent.agentId);
    return ids;
  }

  /** Skips the agent in `eligible` until `release` (a reservation of them is being attempted). */
  hold(agentId: string): void {
    this.inFlight.add(agentId);
  }

  release(agentId: string): void {
    this.inFlight.delete(agentId);
  }

  /**
   * The agents eligible for a call needing `requiredSkills` at `now`, longest idle first, except
   * those held and those in `exclude`: `rankEligible` of everything held here, computed lazily.
   */
  *eligible(
    requiredSkills: readonly string[],
    now: Date,
    exclude: ReadonlySet<string> = new Set(),
  ): Generator<RoutingAgent> {
    const skills = normaliseSkills(requiredSkills);
    let order: IdleOrder | undefined = this.all;
    for (const skill of skills) {
      const list = this.bySkill.get(skill);
      if (!list || list.agents.length < order.agents.length) order = list;
      if (!order) return;
    }
    // The live list, walked by position: a put while the caller holds the walk may shift it, so
    // the walk can meet an agent twice or miss one, never yield one ineligible at `now`.
    const entries = order.agents;
    for (let i = 0; i < entries.length; i++) {
      const agent = entries[i].agent;
      if (this.inFlight.has(agent.agentId) || exclude.has(agent.agentId)) continue;
      if (!skills.every((s) => agent.skills.includes(s))) continue; // cheap first; the rule decides
      if (isEligible(agent, skills, now, this.policy)) yield agent;
    }
  }
}
