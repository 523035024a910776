/** An agent held for one call: nobody else is offered them until `reservedUntil` or a release. */
export interface AgentReservation {
  readonly reservationId: string;
  readonly tenantId: string;
  readonly agentId: string;
  readonly reservedUntil: Date;
}

/**
 * Choosing an agent and holding them, as one atomic step: two dispatch replicas never hold one
 * agent twice. The rule is `@tp/routing-domain`'s (`isEligible`, longest idle first).
 */
export abstract class AgentReservations {
  /**
   * Holds the eligible agent of the tenant idle longest for `holdMs` from `now`, or answers null
   * when none is eligible. `callSid` tells which call the agent is held for.
   */
  abstract chooseAndReserve(
    tenantId: string,
    requiredSkills: readonly string[],
    holdMs: number,
    now: Date,
    callSid?: string,
  ): Promise<AgentReservation | null>;

  /** Frees the agent held by this reservation; false when it is not held (released or taken over). */
  abstract release(reservation: AgentReservation): Promise<boolean>;
}
