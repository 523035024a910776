import { Migration } from '@mikro-orm/migrations';

/**
 * SMS around the agent's window (ADR 28): the tenants' SMS settings, each agent's window as
 * presence events tell it (with its reminder's due time; a trigger wakes the reminder scheduler
 * when one is set), the SMS sent, the SMS received (by MessageSid: a retried webhook applies once)
 * and the numbers that opted out.
 */
export class Migration20261207221500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "dispatch"."sms_settings" (
      "tenant_id" varchar(64) not null primary key,
      "enabled" boolean not null default false,
      "reminder_minutes" int not null,
      "sender_number" varchar(32) null,
      "updated_at" timestamptz not null);`);
    this.addSql(`create table "dispatch"."sms_window" (
      "tenant_id" varchar(64) not null,
      "agent_id" varchar(64) not null,
      "sequence" int not null,
      "expires_at" timestamptz null,
      "last_expires_at" timestamptz null,
      "reminder_due_at" timestamptz null,
      primary key ("tenant_id", "agent_id"));`);
    this.addSql(
      `create index "sms_window_due_idx" on "dispatch"."sms_window" ("reminder_due_at") where "reminder_due_at" is not null;`,
    );
    this.addSql(`create function "dispatch"."sms_reminder_notify"() returns trigger
      language plpgsql as $$ begin perform pg_notify('tp_dispatch_sms_reminder', ''); return null; end $$;`);
    this
      .addSql(`create trigger "sms_window_reminder_set" after insert or update of "reminder_due_at" on "dispatch"."sms_window"
      for each row when (new."reminder_due_at" is not null) execute function "dispatch"."sms_reminder_notify"();`);
    this.addSql(`create table "dispatch"."sms_message" (
      "id" uuid not null primary key,
      "tenant_id" varchar(64) not null,
      "agent_id" varchar(64) not null,
      "kind" varchar(16) not null,
      "event_id" varchar(64) null unique,
      "from_number" varchar(32) not null,
      "to_number" varchar(32) not null,
      "body" text not null,
      "window_end" timestamptz null,
      "message_sid" varchar(64) null,
      "outcome" varchar(16) not null,
      "created_at" timestamptz not null);`);
    this.addSql(
      `create index "sms_message_agent_idx" on "dispatch"."sms_message" ("tenant_id", "agent_id", "created_at" desc) where "outcome" = 'sent';`,
    );
    this.addSql(`create table "dispatch"."sms_received" (
      "message_sid" varchar(64) not null primary key,
      "tenant_id" varchar(64) not null,
      "answer" text null,
      "settled" boolean not null default false,
      "received_at" timestamptz not null);`);
    this.addSql(`create table "dispatch"."sms_opt_out" (
      "tenant_id" varchar(64) not null,
      "phone_number" varchar(32) not null,
      "opted_out_at" timestamptz not null,
      primary key ("tenant_id", "phone_number"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dispatch"."sms_opt_out";`);
    this.addSql(`drop table if exists "dispatch"."sms_received";`);
    this.addSql(`drop table if exists "dispatch"."sms_message";`);
    this.addSql(`drop trigger if exists "sms_window_reminder_set" on "dispatch"."sms_window";`);
    this.addSql(`drop function if exists "dispatch"."sms_reminder_notify"();`);
    this.addSql(`drop table if exists "dispatch"."sms_window";`);
    this.addSql(`drop table if exists "dispatch"."sms_settings";`);
  }
}
