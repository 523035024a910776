/** A time an agent was online (or busy): a timed session, clipped to now when still open. */
export interface OnlineInterval {
  readonly agentId: string;
  readonly from: Date;
  readonly to: Date;
}

/** The timed session history, read for reports. */
export abstract class OnlineIntervals {
  /** The tenant's sessions that overlap `[from, to)`; an open one ends at `now`. */
  abstract overlapping(tenantId: string, from: Date, to: Date, now: Date): Promise<OnlineInterval[]>;
}

/** The agents' skills: identity's (presence keeps none). */
export abstract class AgentSkills {
  /** Skill names per agent among `agentIds` (an agent identity does not know is left out); throws `SkillsUnavailable`. */
  abstract of(tenantId: string, agentIds: readonly string[]): Promise<Map<string, string[]>>;
}
