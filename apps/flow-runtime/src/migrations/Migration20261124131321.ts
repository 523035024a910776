import { Migration } from '@mikro-orm/migrations';

export class Migration20261124131321 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "flow_runtime"."agent_login" ("tenant_id" varchar(63) not null, "agent_id" varchar(64) not null, "flow_id" uuid not null, "flow_version" int not null, "call_sid" varchar(64) not null, "logged_in_at" timestamptz not null, constraint "agent_login_pkey" primary key ("tenant_id", "agent_id"));`,
    );

    this.addSql(
      `create table "flow_runtime"."flow" ("id" uuid not null, "tenant_id" varchar(63) not null, "name" varchar(100) not null, "name_key" varchar(200) not null, "type" varchar(32) not null, "latest_version" int not null, "published_version" int null, "published_at" timestamptz null, "revision" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "flow_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "flow_runtime"."flow" add constraint "flow_tenant_name_key_unique" unique ("tenant_id", "name_key");`,
    );

    this.addSql(
      `create table "flow_runtime"."flow_session" ("id" uuid not null, "tenant_id" varchar(63) not null, "flow_id" uuid not null, "flow_version" int not null, "call_sid" varchar(64) not null, "caller_user_id" varchar(64) null, "ivr" jsonb not null, "turn" int not null, "replies" jsonb not null, "status" varchar(16) not null, "outcome" varchar(32) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "flow_session_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "flow_session_created_at_idx" on "flow_runtime"."flow_session" ("created_at");`,
    );
    this.addSql(
      `alter table "flow_runtime"."flow_session" add constraint "flow_session_tenant_call_sid_unique" unique ("tenant_id", "call_sid");`,
    );

    this.addSql(
      `create table "flow_runtime"."flow_version" ("flow_id" uuid not null, "version" int not null, "tenant_id" varchar(63) not null, "graph" jsonb not null, "prompt_ids" text[] not null, "created_at" timestamptz not null, constraint "flow_version_pkey" primary key ("flow_id", "version"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "flow_runtime"."agent_login" cascade;`);

    this.addSql(`drop table if exists "flow_runtime"."flow" cascade;`);

    this.addSql(`drop table if exists "flow_runtime"."flow_session" cascade;`);

    this.addSql(`drop table if exists "flow_runtime"."flow_version" cascade;`);
  }
}
