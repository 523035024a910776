import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@tp/ddd';
import { TenantTwilioAccount, TwilioAccountRepository } from '@tp/dispatch-domain';
import { toTwilioAccountView, type TwilioAccountView } from '../twilio-account.view';
import { SetTwilioAccountCommand } from './set-twilio-account.command';

/**
 * Sets or replaces the tenant's own Twilio account. A replacement takes effect at once for the
 * webhooks of every number mapped with twilioAccount "tenant".
 */
@CommandHandler(SetTwilioAccountCommand)
export class SetTwilioAccountHandler implements ICommandHandler<SetTwilioAccountCommand> {
  constructor(
    private readonly accounts: TwilioAccountRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ tenantId, accountSid, authToken }: SetTwilioAccountCommand): Promise<TwilioAccountView> {
    const account = TenantTwilioAccount.set(tenantId, accountSid, authToken, this.clock.now());
    await this.accounts.save(account);
    return toTwilioAccountView(account);
  }
}
