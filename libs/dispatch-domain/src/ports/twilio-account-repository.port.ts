import type { TenantTwilioAccount } from '../twilio-credentials';

/** The tenants' own Twilio accounts (the Auth Token is stored encrypted by the adapter). */
export abstract class TwilioAccountRepository {
  abstract find(tenantId: string): Promise<TenantTwilioAccount | null>;
  /** The tenants' accounts with this Account SID (several tenants may share one account). */
  abstract findByAccountSid(accountSid: string): Promise<TenantTwilioAccount[]>;
  /** Sets (or replaces) the tenant's account. */
  abstract save(account: TenantTwilioAccount): Promise<void>;
  /** Removes the tenant's account; false when it had none. */
  abstract remove(tenantId: string): Promise<boolean>;
}
