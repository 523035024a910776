import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  DispatchMappingRepository,
  TenantTwilioAccountInUse,
  TwilioAccountRepository,
} from '@tp/dispatch-domain';
import { ClearTwilioAccountCommand } from './clear-twilio-account.command';

/**
 * Removes the tenant's own account (idempotent), unless a mapping still relies on it: its
 * webhooks could no longer be verified and every call to it would be refused.
 */
@CommandHandler(ClearTwilioAccountCommand)
export class ClearTwilioAccountHandler implements ICommandHandler<ClearTwilioAccountCommand> {
  constructor(
    private readonly accounts: TwilioAccountRepository,
    private readonly mappings: DispatchMappingRepository,
  ) {}

  async execute({ tenantId }: ClearTwilioAccountCommand): Promise<void> {
    const using = await this.mappings.countUsingTenantAccount(tenantId);
    if (using > 0) throw new TenantTwilioAccountInUse(using);
    await this.accounts.remove(tenantId);
  }
}
