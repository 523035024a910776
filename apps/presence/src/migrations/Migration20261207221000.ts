import { Migration } from '@mikro-orm/migrations';

/**
 * The timed break: when an agent's break ends (set exactly while `on-break`), the partial index the
 * expiry scheduler finds due break ends through, and a notification when a break end is set, so
 * that the scheduler wakes for it as it does for a new expiry (ADR 26).
 */
export class Migration20261207221000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "presence"."agent_presence" add column "break_ends_at" timestamptz null;`);
    this.addSql(
      `create index "agent_presence_break_due_idx" on "presence"."agent_presence" ("break_ends_at") where "state" = 'on-break';`,
    );
    this
      .addSql(`create trigger "agent_presence_break_update" after update of "break_ends_at" on "presence"."agent_presence"
      for each row when (new."break_ends_at" is not null and new."break_ends_at" is distinct from old."break_ends_at")
      execute function "presence"."agent_presence_expiry_notify"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "agent_presence_break_update" on "presence"."agent_presence";`);
    this.addSql(`drop index if exists "presence"."agent_presence_break_due_idx";`);
    this.addSql(`alter table "presence"."agent_presence" drop column if exists "break_ends_at";`);
  }
}
