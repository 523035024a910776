import { Migration } from '@mikro-orm/migrations';

export class Migration20261124123557 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "presence"."agent_presence" ("tenant_id" varchar(63) not null, "agent_id" varchar(64) not null, "state" varchar(16) not null, "expires_at" timestamptz null, "sequence" int not null, "last_reason" varchar(32) null, "changed_at" timestamptz null, "expired_while_busy" boolean not null default false, constraint "agent_presence_pkey" primary key ("tenant_id", "agent_id"));`,
    );
    this.addSql(
      `create index "agent_presence_due_idx" on "presence"."agent_presence" ("expires_at") where ("state" = 'online' or ("state" = 'busy' and not "expired_while_busy"));`,
    );
    this.addSql(
      `create index "agent_presence_signed_in_idx" on "presence"."agent_presence" ("tenant_id", "state", "expires_at");`,
    );

    this.addSql(
      `create table "presence"."timed_session" ("id" uuid not null, "tenant_id" varchar(63) not null, "agent_id" varchar(64) not null, "hours" int not null, "start_reason" varchar(16) not null, "call_sid" varchar(64) null, "flow_id" varchar(64) null, "started_at" timestamptz not null, "planned_end_at" timestamptz not null, "ended_at" timestamptz null, "end_reason" varchar(32) null, constraint "timed_session_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "timed_session_history_idx" on "presence"."timed_session" ("tenant_id", "agent_id", "started_at");`,
    );
    this.addSql(
      `create unique index "timed_session_open_uq" on "presence"."timed_session" ("tenant_id", "agent_id") where "ended_at" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "presence"."agent_presence" cascade;`);

    this.addSql(`drop table if exists "presence"."timed_session" cascade;`);
  }
}
