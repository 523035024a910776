import { Migration } from '@mikro-orm/migrations';

export class Migration20261124134738 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "dispatch"."routing_agent" ("tenant_id" varchar(63) not null, "agent_id" varchar(64) not null, "state" varchar(16) not null, "expires_at" timestamptz null, "presence_sequence" int not null, "skills" text[] not null, "skills_version" int not null, "status" varchar(16) not null, "status_version" int not null, "idle_since" timestamptz null, "reserved_until" timestamptz null, "reservation_id" uuid null, "reservation_call" varchar(64) null, "updated_at" timestamptz not null, constraint "routing_agent_pkey" primary key ("tenant_id", "agent_id"));`,
    );
    this.addSql(
      `create index "routing_agent_skills_gin" on "dispatch"."routing_agent" using gin ("skills");`,
    );
    this.addSql(
      `create index "routing_agent_online_idle_idx" on "dispatch"."routing_agent" ("tenant_id", "idle_since", "agent_id") where "state" = 'online';`,
    );
    this.addSql(
      `create index "routing_agent_reservation_idx" on "dispatch"."routing_agent" ("reservation_id") where "reservation_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dispatch"."routing_agent" cascade;`);
  }
}
