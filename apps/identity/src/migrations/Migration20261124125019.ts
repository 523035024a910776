import { Migration } from '@mikro-orm/migrations';

export class Migration20261124125019 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "identity"."pin_failure" ("id" bigserial primary key, "tenant_id" varchar(63) not null, "user_id" uuid not null, "attempted_at" timestamptz not null, "outcome" varchar(16) not null, "call_sid" varchar(64) null, "source" varchar(32) not null);`,
    );
    this.addSql(
      `create index "pin_failure_user_time_idx" on "identity"."pin_failure" ("tenant_id", "user_id", "attempted_at");`,
    );

    this.addSql(
      `create table "identity"."user_account" ("id" uuid not null, "tenant_id" varchar(63) not null, "name" varchar(200) not null, "email" varchar(254) not null, "time_zone" varchar(64) null, "status" varchar(16) not null, "pin_hash" varchar(255) null, "skills" jsonb not null, "skill_keys" text[] not null, "version" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "user_account_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "user_account_tenant_created_idx" on "identity"."user_account" ("tenant_id", "created_at", "id");`,
    );
    this.addSql(
      `create index "user_account_skill_keys_idx" on "identity"."user_account" using gin ("skill_keys");`,
    );
    this.addSql(
      `alter table "identity"."user_account" add constraint "user_account_tenant_email_unique" unique ("tenant_id", "email");`,
    );

    this.addSql(
      `create table "identity"."user_extension" ("id" uuid not null, "tenant_id" varchar(63) not null, "user_id" uuid not null, "type" varchar(16) not null, "number" varchar(255) not null, "ext" varchar(10) null, "description" varchar(200) null, "position" int not null, "created_at" timestamptz not null, constraint "user_extension_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "user_extension_user_idx" on "identity"."user_extension" ("user_id");`);
    this.addSql(
      `alter table "identity"."user_extension" add constraint "user_extension_tenant_number_unique" unique ("tenant_id", "number");`,
    );

    this.addSql(
      `alter table "identity"."user_extension" add constraint "user_extension_user_id_foreign" foreign key ("user_id") references "identity"."user_account" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "identity"."user_extension" drop constraint "user_extension_user_id_foreign";`);

    this.addSql(`drop table if exists "identity"."pin_failure" cascade;`);

    this.addSql(`drop table if exists "identity"."user_account" cascade;`);

    this.addSql(`drop table if exists "identity"."user_extension" cascade;`);
  }
}
