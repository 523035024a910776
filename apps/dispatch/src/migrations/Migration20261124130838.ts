import { Migration } from '@mikro-orm/migrations';

export class Migration20261124130838 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "dispatch"."call" ("call_sid" varchar(34) not null, "tenant_id" varchar(63) not null, "mapping_id" uuid null, "twilio_account" varchar(16) not null, "direction" varchar(16) not null, "from_number" varchar(128) not null, "to_number" varchar(32) not null, "session_id" varchar(64) null, "status" varchar(16) not null, "status_sequence" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "call_pkey" primary key ("call_sid"));`,
    );
    this.addSql(`create index "call_tenant_created_idx" on "dispatch"."call" ("tenant_id", "created_at");`);

    this.addSql(
      `create table "dispatch"."dispatch_mapping" ("id" uuid not null, "tenant_id" varchar(63) not null, "name" varchar(100) not null, "name_key" varchar(200) not null, "description" text null, "interaction_type" varchar(16) not null, "mapping_type" varchar(32) not null, "phone_number" varchar(16) not null, "flow_id" varchar(64) not null, "twilio_account" varchar(16) not null, "active" boolean not null, "version" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "dispatch_mapping_pkey" primary key ("id"), constraint dispatch_mapping_twilio_account_check check (twilio_account in ('platform', 'tenant')));`,
    );
    this.addSql(
      `create index "dispatch_mapping_tenant_name_idx" on "dispatch"."dispatch_mapping" ("tenant_id", "name_key", "id");`,
    );
    this.addSql(
      `create index "dispatch_mapping_tenant_flow_idx" on "dispatch"."dispatch_mapping" ("tenant_id", "flow_id");`,
    );
    this.addSql(
      `alter table "dispatch"."dispatch_mapping" add constraint "dispatch_mapping_phone_number_unique" unique ("phone_number");`,
    );

    this.addSql(
      `create table "dispatch"."notice_call" ("id" uuid not null, "tenant_id" varchar(63) not null, "agent_id" varchar(64) not null, "event_id" varchar(64) not null, "mapping_id" uuid not null, "twilio_account" varchar(16) not null, "from_number" varchar(16) not null, "to_number" varchar(16) not null, "steps" jsonb not null, "outcome" varchar(16) not null, "call_sid" varchar(34) null, "failure" text null, "created_at" timestamptz not null, constraint "notice_call_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "dispatch"."notice_call" add constraint "notice_call_event_id_unique" unique ("event_id");`,
    );

    this.addSql(
      `create table "dispatch"."twilio_account" ("tenant_id" varchar(63) not null, "account_sid" varchar(34) not null, "auth_token_sealed" text not null, "updated_at" timestamptz not null, constraint "twilio_account_pkey" primary key ("tenant_id"));`,
    );
    this.addSql(
      `create index "twilio_account_account_sid_idx" on "dispatch"."twilio_account" ("account_sid");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dispatch"."call" cascade;`);

    this.addSql(`drop table if exists "dispatch"."dispatch_mapping" cascade;`);

    this.addSql(`drop table if exists "dispatch"."notice_call" cascade;`);

    this.addSql(`drop table if exists "dispatch"."twilio_account" cascade;`);
  }
}
