/**
 * The time left to answer the call's webhook: every request to another service in one turn shares
 * it, so that the turn's answer stays within the edge's deadline however many services it asks.
 */
export interface CallBudget {
  /** Milliseconds left; 0 or less when the time is up. */
  remainingMs(): number;
}

/** A budget that never runs out (admin requests, tests). */
export const NO_DEADLINE: CallBudget = { remainingMs: () => Number.POSITIVE_INFINITY };
