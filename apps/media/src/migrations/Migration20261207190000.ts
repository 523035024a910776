import { Migration } from '@mikro-orm/migrations';
import { dropOutboxNotifySql, outboxNotifySql } from '@tp/platform';

/** Committed outbox rows notify the relay, which sleeps between notifications (ADR 25). */
export class Migration20261207190000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxNotifySql('media')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of dropOutboxNotifySql('media')) this.addSql(sql);
  }
}
