import { Inject, Injectable } from '@nestjs/common';
import {
  TwilioAccountRepository,
  type TwilioAccountOwner,
  type TwilioCredentials,
} from '@tp/dispatch-domain';
import { DISPATCH_CONFIG, type DispatchConfig } from '../dispatch.config';

/** Whose Auth Token verifies a number's webhooks and places its calls: the platform's or a tenant's. */
@Injectable()
export class TwilioCredentialsSource {
  constructor(
    @Inject(DISPATCH_CONFIG) private readonly config: DispatchConfig,
    private readonly accounts: TwilioAccountRepository,
  ) {}

  /** The platform account from the environment, or null when this installation has none. */
  get platform(): TwilioCredentials | null {
    return this.config.platformAccount;
  }

  /** The credentials of the account that owns a tenant's number, or null when it is not set. */
  async forOwner(owner: TwilioAccountOwner, tenantId: string): Promise<TwilioCredentials | null> {
    if (owner === 'platform') return this.platform;
    return (await this.accounts.find(tenantId))?.credentials ?? null;
  }

  /** Every known account with this Account SID (for a number no mapping knows). */
  async byAccountSid(accountSid: string | undefined): Promise<TwilioCredentials[]> {
    if (accountSid === undefined || !/^AC[0-9a-f]{32}$/.test(accountSid)) return [];
    const tenants = (await this.accounts.findByAccountSid(accountSid)).map((a) => a.credentials);
    return this.platform?.accountSid === accountSid ? [this.platform, ...tenants] : tenants;
  }
}
