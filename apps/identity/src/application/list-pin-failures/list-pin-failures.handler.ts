import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { PinFailureLog, PinLockoutPolicy, UserRepository, type PinFailureOutcome } from '@tp/identity-domain';
import { loadUser } from '../load-user';
import { ListPinFailuresQuery } from './list-pin-failures.query';

export interface PinFailuresView {
  /** Until when the user is locked out of PIN checks, or null. */
  lockedUntil: string | null;
  /** The most recent failures, newest first. */
  failures: { at: string; outcome: PinFailureOutcome; callSid: string | null; source: string }[];
}

/** The audit trail of a user's failed PIN attempts, and whether they are locked now (for admins). */
@QueryHandler(ListPinFailuresQuery)
export class ListPinFailuresHandler implements IQueryHandler<ListPinFailuresQuery, PinFailuresView> {
  private readonly policy = PinLockoutPolicy.DEFAULT;

  constructor(
    private readonly users: UserRepository,
    private readonly failures: PinFailureLog,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, userId, limit }: ListPinFailuresQuery): Promise<PinFailuresView> {
    await loadUser(this.users, tenantId, userId);
    const now = this.clock.now();
    const wrongPins = await this.failures.wrongPinsSince(tenantId, userId, this.policy.lookbackFrom(now));
    const recent = await this.failures.recent(tenantId, userId, limit);
    return {
      lockedUntil: this.policy.lockedUntil(wrongPins, now)?.toISOString() ?? null,
      failures: recent.map((f) => ({
        at: f.at.toISOString(),
        outcome: f.outcome,
        callSid: f.callSid,
        source: f.source,
      })),
    };
  }
}
