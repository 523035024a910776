import { Migration } from '@mikro-orm/migrations';

/** The relay's claim reads only unsent rows: a partial index instead of (sent_at, id) (ADR 3). */
export class Migration20261124160000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index if exists "media"."outbox_message_pending_idx";`);
    this.addSql(
      `create index "outbox_message_pending_idx" on "media"."outbox_message" ("id") where "sent_at" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "media"."outbox_message_pending_idx";`);
    this.addSql(`create index "outbox_message_pending_idx" on "media"."outbox_message" ("sent_at", "id");`);
  }
}
