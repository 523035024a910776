/** Why a PIN attempt failed: a wrong PIN, or any PIN while the user was locked. */
export type PinFailureOutcome = 'wrong' | 'locked';

/** One failed PIN attempt, as audited. Never the PIN. */
export interface PinFailure {
  readonly tenantId: string;
  readonly userId: string;
  readonly at: Date;
  readonly outcome: PinFailureOutcome;
  /** The call the attempt came from, when known. */
  readonly callSid: string | null;
  /** Who asked: `ivr` for the Timed Presence activity, or the name of another caller. */
  readonly source: string;
}

/** The audit log of failed PIN attempts, which is also what the lockout rule reads. */
export abstract class PinFailureLog {
  /**
   * Runs `work` while no other PIN check of the same user runs, across replicas, so that parallel
   * guesses cannot slip past the lockout.
   */
  abstract exclusively<T>(tenantId: string, userId: string, work: () => Promise<T>): Promise<T>;
  /** When the user's wrong PINs (outcome `wrong`) since `since` happened, oldest first. */
  abstract wrongPinsSince(tenantId: string, userId: string, since: Date): Promise<Date[]>;
  abstract record(failure: PinFailure): Promise<void>;
  /** The most recent failures of a user, newest first (for admins). */
  abstract recent(tenantId: string, userId: string, limit: number): Promise<PinFailure[]>;
}
