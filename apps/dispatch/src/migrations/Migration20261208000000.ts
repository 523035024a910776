import { Migration } from '@mikro-orm/migrations';
import { dropRowChangesNotifySql, rowChangesNotifySql } from '@tp/platform';

/**
 * Each replica keeps the mappings, the tenants' Twilio accounts and SMS settings in memory: a
 * committed change of any notifies every replica, which drops its copy (ADR 30).
 */
export class Migration20261208000000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of rowChangesNotifySql(
      'dispatch',
      'dispatch_mapping',
      'mapping',
      (r) => `${r}.phone_number`,
    ))
      this.addSql(sql);
    for (const sql of rowChangesNotifySql(
      'dispatch',
      'twilio_account',
      'twilio_account',
      (r) => `${r}.tenant_id`,
    ))
      this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of dropRowChangesNotifySql('dispatch', 'sms_settings')) this.addSql(sql);
    for (const sql of dropRowChangesNotifySql('dispatch', 'twilio_account')) this.addSql(sql);
    for (const sql of dropRowChangesNotifySql('dispatch', 'dispatch_mapping')) this.addSql(sql);
  }
}
