import type { SessionRecordView } from '@tp/timed-presence-domain';

/** Which sessions: a tenant's, optionally of one agent and started in [from, to). */
export interface SessionFilter {
  readonly tenantId: string;
  readonly agentId?: string;
  readonly from?: Date;
  readonly to?: Date;
}

/** Where a page starts: after this session (newest first: started_at, then id, descending). */
export interface SessionKey {
  readonly startedAt: Date;
  readonly id: string;
}

export interface SessionPage {
  readonly items: SessionRecordView[];
  /** The last item's key when more sessions follow, else null. */
  readonly next: SessionKey | null;
}

/** The stored session records (kept by the session projector). */
export abstract class SessionRecords {
  abstract page(filter: SessionFilter, limit: number, after: SessionKey | null): Promise<SessionPage>;
}
