import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { VerifyPinReply } from '@tp/contracts';
import { Clock } from '@tp/ddd';
import {
  PinFailureLog,
  PinHasher,
  PinLockoutPolicy,
  PinNotSet,
  UserNotFound,
  UserRepository,
  type PinFailureOutcome,
} from '@tp/identity-domain';
import { VerifyPinCommand } from './verify-pin.command';

/**
 * Checks a PIN keyed in on a call, with the lockout rule (5 wrong PINs within 15 minutes lock for
 * 15 minutes). While locked the PIN is not even compared. Every failure is audited. The whole check
 * runs exclusively per user, so parallel guesses are counted one after another.
 */
@CommandHandler(VerifyPinCommand)
export class VerifyPinHandler implements ICommandHandler<VerifyPinCommand, VerifyPinReply> {
  private readonly policy = PinLockoutPolicy.DEFAULT;

  constructor(
    private readonly users: UserRepository,
    private readonly failures: PinFailureLog,
    private readonly hasher: PinHasher,
    private readonly clock: Clock,
  ) {}

  execute(command: VerifyPinCommand): Promise<VerifyPinReply> {
    return this.failures.exclusively(command.tenantId, command.userId, () => this.check(command));
  }

  private async check({ tenantId, userId, pin, callSid, source }: VerifyPinCommand): Promise<VerifyPinReply> {
    const user = await this.users.find(tenantId, userId);
    if (user === null || !user.isActive) throw new UserNotFound(userId);
    if (user.pinHash === null) throw new PinNotSet(userId);

    const now = this.clock.now();
    const audit = (outcome: PinFailureOutcome) =>
      this.failures.record({ tenantId, userId, at: now, outcome, callSid, source });
    const wrongPins = await this.failures.wrongPinsSince(tenantId, userId, this.policy.lookbackFrom(now));
    const lockedUntil = this.policy.lockedUntil(wrongPins, now);
    if (lockedUntil !== null) {
      await audit('locked');
      return { result: 'locked', lockedUntil: lockedUntil.toISOString() };
    }

    if (await this.hasher.verify(pin, user.pinHash)) return { result: 'ok' };

    await audit('wrong');
    const lockedNow = this.policy.lockedUntil([...wrongPins, now], now);
    return lockedNow === null
      ? { result: 'wrong' }
      : { result: 'locked', lockedUntil: lockedNow.toISOString() };
  }
}
