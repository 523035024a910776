import {
  normaliseSkills,
  type RoutingAgent,
  type RoutingPresenceState,
  type RoutingUserStatus,
} from './routing-agent';

/** What routing reads of a presence event (the fields of `PresenceEventDataV1`). */
export interface PresenceChange {
  readonly state: RoutingPresenceState;
  readonly expiresAt: Date | null;
  readonly reason: string;
  readonly sequence: number;
  readonly occurredAt: Date;
}

/**
 * When an agent became idle after a presence change: the later of their login and their last
 * call's end (or break's end). Offline: null. A login starts it afresh; a call's or a break's end
 * moves it on (never back);
 * anything else (new hours, a call starting) keeps it, or starts it at the change when unknown.
 */
export function idleSinceAfter(previous: Date | null, change: PresenceChange): Date | null {
  if (change.state === 'offline') return null;
  if (change.reason === 'login' || previous === null) return change.occurredAt;
  if (
    (change.reason === 'call-ended' || change.reason === 'break-ended') &&
    change.occurredAt.getTime() > previous.getTime()
  ) {
    return change.occurredAt;
  }
  return previous;
}

/** The agent after a presence change, or null when the change is not newer than what was applied. */
export function applyPresence(agent: RoutingAgent, change: PresenceChange): RoutingAgent | null {
  if (change.sequence <= agent.presenceSequence) return null;
  return {
    ...agent,
    state: change.state,
    expiresAt: change.state === 'offline' ? null : change.expiresAt,
    presenceSequence: change.sequence,
    idleSince: idleSinceAfter(agent.state === 'offline' ? null : agent.idleSince, change),
  };
}

/** What routing reads of an identity event: the whole skills list and/or the status, with the version. */
export interface IdentityChange {
  readonly version: number;
  readonly skills?: readonly string[];
  readonly status?: RoutingUserStatus;
}

/**
 * The agent after an identity change, or null when nothing in it is newer. Skills and status are
 * versioned apart: a late status change still applies over a newer skills change, since each event
 * carries the whole of its field.
 */
export function applyIdentity(agent: RoutingAgent, change: IdentityChange): RoutingAgent | null {
  const skills = change.skills !== undefined && change.version > agent.skillsVersion;
  const status = change.status !== undefined && change.version > agent.statusVersion;
  if (!skills && !status) return null;
  return {
    ...agent,
    skills: skills ? normaliseSkills(change.skills ?? []) : agent.skills,
    skillsVersion: skills ? change.version : agent.skillsVersion,
    status: status ? (change.status ?? agent.status) : agent.status,
    statusVersion: status ? change.version : agent.statusVersion,
  };
}
