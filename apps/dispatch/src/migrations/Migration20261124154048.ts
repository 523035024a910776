import { Migration } from '@mikro-orm/migrations';

export class Migration20261124154048 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "dispatch"."offer" ("id" uuid not null, "tenant_id" varchar(63) not null, "waiting_call_id" uuid not null, "agent_id" varchar(64) not null, "reservation_id" uuid not null, "attempt" int not null, "status" varchar(16) not null, "twilio_account" varchar(16) not null, "agent_number" varchar(32) null, "agent_call_sid" varchar(64) null, "leg_status" varchar(16) null, "leg_sequence" int not null, "miss_reason" varchar(16) null, "hold_until" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "accepted_at" timestamptz null, "ended_at" timestamptz null, "wrap_up_until" timestamptz null, "freed_at" timestamptz null, constraint "offer_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "offer_waiting_call_idx" on "dispatch"."offer" ("waiting_call_id");`);
    this.addSql(
      `create index "offer_open_idx" on "dispatch"."offer" ("hold_until") where "status" in ('placing', 'ringing');`,
    );
    this.addSql(
      `create index "offer_wrap_up_idx" on "dispatch"."offer" ("wrap_up_until") where "wrap_up_until" is not null and "freed_at" is null;`,
    );

    this.addSql(
      `create table "dispatch"."waiting_call" ("id" uuid not null, "tenant_id" varchar(63) not null, "call_sid" varchar(64) not null, "session_id" varchar(64) not null, "turn" int not null, "twilio_account" varchar(16) not null, "contact_point" varchar(32) not null, "queue_node_id" varchar(64) not null, "queue_name" varchar(64) not null, "required_skills" text[] not null, "priority" int not null, "hold" jsonb not null, "enqueued_at" timestamptz not null, "deadline" timestamptz not null, "status" varchar(16) not null, "current_offer_id" uuid null, "missed_agents" text[] not null, "ended_at" timestamptz null, "updated_at" timestamptz not null, constraint "waiting_call_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "waiting_call_waiting_idx" on "dispatch"."waiting_call" ("tenant_id", "priority" desc, "enqueued_at", "id") where "status" in ('waiting', 'offering');`,
    );
    this.addSql(
      `alter table "dispatch"."waiting_call" add constraint "waiting_call_call_turn_unique" unique ("call_sid", "turn");`,
    );

    this.addSql(
      `alter table "dispatch"."routing_agent" add column "consecutive_misses" int not null default 0;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dispatch"."offer" cascade;`);

    this.addSql(`drop table if exists "dispatch"."waiting_call" cascade;`);

    this.addSql(`alter table "dispatch"."routing_agent" drop column "consecutive_misses";`);
  }
}
