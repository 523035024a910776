import type { TenantTwilioAccount } from '@tp/dispatch-domain';

/** The tenant's own Twilio account as the admin API shows it: never the Auth Token. */
export interface TwilioAccountView {
  configured: boolean;
  accountSid: string | null;
  updatedAt: string | null;
}

export function toTwilioAccountView(account: TenantTwilioAccount | null): TwilioAccountView {
  return account
    ? { configured: true, accountSid: account.accountSid, updatedAt: account.updatedAt.toISOString() }
    : { configured: false, accountSid: null, updatedAt: null };
}
