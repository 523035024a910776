import type { PresenceView } from '@tp/contracts';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface TimedSessionView {
  id: string;
  agentId: string;
  hours: number;
  startReason: string;
  callSid: string | null;
  flowId: string | null;
  startedAt: string;
  plannedEndAt: string;
  endedAt: string | null;
  endReason: string | null;
}

/** Reports over presence: who is signed in now, and the history of an agent's timed sessions. */
export abstract class PresenceReadModel {
  /** Online and busy agents of a tenant, soonest expiry first. */
  abstract listSignedIn(tenantId: string, limit: number, offset: number): Promise<Page<PresenceView>>;
  /** An agent's timed sessions, newest first. */
  abstract sessions(
    tenantId: string,
    agentId: string,
    limit: number,
    offset: number,
  ): Promise<Page<TimedSessionView>>;
}
