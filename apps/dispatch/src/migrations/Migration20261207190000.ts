import { Migration } from '@mikro-orm/migrations';
import { dropOutboxNotifySql, outboxNotifySql } from '@tp/platform';

/**
 * Committed outbox rows notify the relay, and a queued call or a wrap-up begun notifies the routing
 * ticker: both sleep between notifications instead of polling (ADR 25).
 */
export class Migration20261207190000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of outboxNotifySql('dispatch')) this.addSql(sql);
    this.addSql(`create or replace function "dispatch"."routing_wake_notify"() returns trigger
      language plpgsql as $$ begin perform pg_notify('tp_dispatch_routing_wake', ''); return null; end $$;`);
    this.addSql(
      `create index "routing_agent_missed_idx" on "dispatch"."routing_agent" ("consecutive_misses") where "consecutive_misses" > 0;`,
    );
    this.addSql(`create trigger "offer_wrap_up_begun" after update of "wrap_up_until" on "dispatch"."offer"
      for each row when (new."wrap_up_until" is not null and old."wrap_up_until" is null)
      execute function "dispatch"."routing_wake_notify"();`);
    this.addSql(`create trigger "waiting_call_queued" after insert on "dispatch"."waiting_call"
      for each statement execute function "dispatch"."routing_wake_notify"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "waiting_call_queued" on "dispatch"."waiting_call";`);
    this.addSql(`drop trigger if exists "offer_wrap_up_begun" on "dispatch"."offer";`);
    this.addSql(`drop function if exists "dispatch"."routing_wake_notify"();`);
    this.addSql(`drop index if exists "dispatch"."routing_agent_missed_idx";`);
    for (const sql of dropOutboxNotifySql('dispatch')) this.addSql(sql);
  }
}
