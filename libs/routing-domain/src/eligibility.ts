import { normaliseSkills, type RoutingAgent } from './routing-agent';

/** How choosing is tuned, per deployment. */
export interface RoutingPolicy {
  /** An agent whose hours end within this many minutes is not offered calls (0: up to the end). */
  readonly expiryMarginMinutes: number;
}

export const DEFAULT_ROUTING_POLICY: RoutingPolicy = { expiryMarginMinutes: 5 };

export type Ineligibility =
  'offline' | 'busy' | 'on-break' | 'disabled' | 'reserved' | 'missing-skill' | 'expiring' | 'not-idle';

export function isReserved(agent: Pick<RoutingAgent, 'reservedUntil'>, now: Date): boolean {
  return agent.reservedUntil !== null && agent.reservedUntil.getTime() > now.getTime();
}

/**
 * Why an agent may not be offered a call needing `requiredSkills` at `now`, or null when they may:
 * online (not offline, not busy, not on a break), an active user, not already offered a call (a reservation in
 * the past has timed out), holding every required skill (names ignoring case), and with more than
 * `expiryMarginMinutes` left before their expiry. An online agent with no known idle start (never
 * seen logging in) is not offered either. The SQL of the PostgreSQL adapter says the same.
 */
export function ineligibility(
  agent: RoutingAgent,
  requiredSkills: readonly string[],
  now: Date,
  policy: RoutingPolicy = DEFAULT_ROUTING_POLICY,
): Ineligibility | null {
  if (agent.state === 'offline') return 'offline';
  if (agent.state === 'busy') return 'busy';
  if (agent.state === 'on-break') return 'on-break';
  if (agent.status !== 'active') return 'disabled';
  if (isReserved(agent, now)) return 'reserved';
  const held = new Set(normaliseSkills(agent.skills));
  if (!normaliseSkills(requiredSkills).every((s) => held.has(s))) return 'missing-skill';
  const cutoff = now.getTime() + policy.expiryMarginMinutes * 60_000;
  if (agent.expiresAt === null || agent.expiresAt.getTime() <= cutoff) return 'expiring';
  if (agent.idleSince === null) return 'not-idle';
  return null;
}

export function isEligible(
  agent: RoutingAgent,
  requiredSkills: readonly string[],
  now: Date,
  policy: RoutingPolicy = DEFAULT_ROUTING_POLICY,
): boolean {
  return ineligibility(agent, requiredSkills, now, policy) === null;
}

/** Longest idle first; equal idle starts by agent id, so the order is total and repeatable. */
export function byLongestIdle(a: RoutingAgent, b: RoutingAgent): number {
  const idle = (a.idleSince?.getTime() ?? Infinity) - (b.idleSince?.getTime() ?? Infinity);
  if (idle !== 0 && !Number.isNaN(idle)) return idle;
  return a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0;
}

/** The eligible agents in the order they are offered calls. */
export function rankEligible(
  agents: readonly RoutingAgent[],
  requiredSkills: readonly string[],
  now: Date,
  policy: RoutingPolicy = DEFAULT_ROUTING_POLICY,
): RoutingAgent[] {
  return agents.filter((a) => isEligible(a, requiredSkills, now, policy)).sort(byLongestIdle);
}

/** The agent to offer a call to, or null when none is eligible. */
export function chooseAgent(
  agents: readonly RoutingAgent[],
  requiredSkills: readonly string[],
  now: Date,
  policy: RoutingPolicy = DEFAULT_ROUTING_POLICY,
): RoutingAgent | null {
  return rankEligible(agents, requiredSkills, now, policy)[0] ?? null;
}
