import type { Deadline } from '@tp/ddd';

/** The owner of a calling number, as identity knows them. */
export interface Agent {
  readonly userId: string;
  readonly name: string;
  /** The zone to speak local time in. */
  readonly timeZone: string;
  readonly hasPin: boolean;
}

export type PinCheck = 'ok' | 'wrong' | 'locked';

/**
 * Who calls (identity). Both throw `FLOW.DEPENDENCY_UNAVAILABLE` when identity does not answer
 * within the deadline or answers with an error.
 */
export abstract class AgentDirectory {
  /** The active user with this phone number in the tenant, or null. */
  abstract findByPhone(tenantId: string, phone: string, deadline: Deadline): Promise<Agent | null>;
  /** Checks a keyed-in PIN; wrong PINs count towards identity's lockout. */
  abstract verifyPin(
    check: { tenantId: string; userId: string; pin: string; callSid: string },
    deadline: Deadline,
  ): Promise<PinCheck>;
}
