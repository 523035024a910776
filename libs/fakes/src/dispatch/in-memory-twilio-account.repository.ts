import { TenantTwilioAccount, TwilioAccountRepository } from '@tp/dispatch-domain';

/** The tenants' own Twilio accounts, in memory. */
export class InMemoryTwilioAccountRepository extends TwilioAccountRepository {
  private readonly accounts = new Map<string, TenantTwilioAccount>();

  find(tenantId: string): Promise<TenantTwilioAccount | null> {
    return Promise.resolve(this.accounts.get(tenantId) ?? null);
  }

  findByAccountSid(accountSid: string): Promise<TenantTwilioAccount[]> {
    return Promise.resolve([...this.accounts.values()].filter((a) => a.accountSid === accountSid));
  }

  save(account: TenantTwilioAccount): Promise<void> {
    this.accounts.set(account.tenantId, account);
    return Promise.resolve();
  }

  remove(tenantId: string): Promise<boolean> {
    return Promise.resolve(this.accounts.delete(tenantId));
  }
}
