/**
 * The routing view of one agent in one tenant, as dispatch keeps it from the presence and identity
 * events: what choosing an agent needs, nothing more. Plain data; the rules below.
 */
/** `on-break`: a timed break, offered nothing until it ends. */
export type RoutingPresenceState = 'offline' | 'online' | 'busy' | 'on-break';
export type RoutingUserStatus = 'active' | 'disabled';

export interface RoutingAgent {
  readonly tenantId: string;
  readonly agentId: string;
  readonly state: RoutingPresenceState;
  readonly expiresAt: Date | null;
  /** The highest presence sequence applied (0: none yet). */
  readonly presenceSequence: number;
  /** Skill names, normalised (see `normaliseSkills`). */
  readonly skills: readonly string[];
  /** The identity version of the last skills applied (0: none yet). */
  readonly skillsVersion: number;
  readonly status: RoutingUserStatus;
  /** The identity version of the last status applied (0: none yet). */
  readonly statusVersion: number;
  /** Idle since the later of their login and their last call's end; null while offline. */
  readonly idleSince: Date | null;
  /** Reserved (offered a call) until then; in the past or null: free. */
  readonly reservedUntil: Date | null;
  readonly reservationId: string | null;
  readonly reservationCall: string | null;
}

/** An agent the read model has not heard of: offline, no skills, active. */
export function unknownAgent(tenantId: string, agentId: string): RoutingAgent {
  return {
    tenantId,
    agentId,
    state: 'offline',
    expiresAt: null,
    presenceSequence: 0,
    skills: [],
    skillsVersion: 0,
    status: 'active',
    statusVersion: 0,
    idleSince: null,
    reservedUntil: null,
    reservationId: null,
    reservationCall: null,
  };
}

/** Routing compares skill names ignoring case (and surrounding blanks): `Support` = `support `. */
export function normaliseSkill(name: string): string {
  return name.trim().toLowerCase();
}

/** Normalised, without blanks or duplicates, sorted: the form stored and compared. */
export function normaliseSkills(names: readonly string[]): string[] {
  return [...new Set(names.map(normaliseSkill).filter((n) => n.length > 0))].sort();
}
