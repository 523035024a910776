import { Migration } from '@mikro-orm/migrations';
import { dropOutboxNotifySql, outboxNotifySql } from '@tp/platform';

/**
 * Committed outbox rows notify the relay, and a new expiry notifies the expiry scheduler: both
 * sleep between notifications instead of polling (ADR 25).
 */
export class Migration20261207190000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxNotifySql('presence')) this.addSql(sql);
    this.addSql(`create or replace function "presence"."agent_presence_expiry_notify"() returns trigger
      language plpgsql as $$ begin perform pg_notify('tp_presence_expiry', ''); return null; end $$;`);
    this.addSql(`create trigger "agent_presence_expiry_insert" after insert on "presence"."agent_presence"
      for each row when (new."expires_at" is not null)
      execute function "presence"."agent_presence_expiry_notify"();`);
    this
      .addSql(`create trigger "agent_presence_expiry_update" after update of "expires_at" on "presence"."agent_presence"
      for each row when (new."expires_at" is not null and new."expires_at" is distinct from old."expires_at")
      execute function "presence"."agent_presence_expiry_notify"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "agent_presence_expiry_update" on "presence"."agent_presence";`);
    this.addSql(`drop trigger if exists "agent_presence_expiry_insert" on "presence"."agent_presence";`);
    this.addSql(`drop function if exists "presence"."agent_presence_expiry_notify"();`);
    for (const sql of dropOutboxNotifySql('presence')) this.addSql(sql);
  }
}
