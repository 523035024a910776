import { SMS_REMINDER_MINUTES_DEFAULT } from '@tp/dispatch-domain';
import type { SmsSettings } from '../ports/sms.ports';

/** The tenant's SMS settings as the admin API answers them (the defaults when never set). */
export interface SmsSettingsView {
  enabled: boolean;
  reminderMinutes: number;
  senderNumber: string | null;
  updatedAt: string | null;
}

export function smsSettingsView(settings: SmsSettings | null): SmsSettingsView {
  return {
    enabled: settings?.enabled ?? false,
    reminderMinutes: settings?.reminderMinutes ?? SMS_REMINDER_MINUTES_DEFAULT,
    senderNumber: settings?.senderNumber ?? null,
    updatedAt: settings?.updatedAt.toISOString() ?? null,
  };
}
