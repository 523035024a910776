import { Migration } from '@mikro-orm/migrations';
import { dropRowChangesNotifySql, rowChangesNotifySql } from '@tp/platform';

/**
 * Each replica keeps the flows a call starts in memory (their published version): a committed
 * change of a flow notifies every replica, which drops its copy (ADR 30).
 */
export class Migration20261208000000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of rowChangesNotifySql(
      'flow_runtime',
      'flow',
      'flow',
      (r) => `${r}.tenant_id || '/' || ${r}.id`,
    ))
      this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of dropRowChangesNotifySql('flow_runtime', 'flow')) this.addSql(sql);
  }
}
