import { Migration } from '@mikro-orm/migrations';

/**
 * Tenants as a thing: `identity.tenant` (id slug, display name, created_at). Tenants that already
 * have users are set up with their id as display name, so their admins are not refused afterwards.
 */
export class Migration20261207151059 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "identity"."tenant" ("id" varchar(63) not null, "display_name" varchar(100) not null, "created_at" timestamptz not null, constraint "tenant_pkey" primary key ("id"));`,
    );
    this.addSql(
      `insert into "identity"."tenant" ("id", "display_name", "created_at") select distinct "tenant_id", "tenant_id", now() from "identity"."user_account" on conflict do nothing;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "identity"."tenant" cascade;`);
  }
}
