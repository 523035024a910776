import { Migration } from '@mikro-orm/migrations';

/**
 * Contact points: which tenant the platform operator gave each number of the platform's Twilio
 * account to. So that no upgrade breaks, every number already mapped on the platform account is
 * assigned to the tenant that maps it (`assigned_by` `migration`, at the mapping's creation time).
 * Numbers on a tenant's own account are not assigned: Twilio says whose they are.
 */
export class Migration20261207160301 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "dispatch"."contact_point" ("phone_number" varchar(16) not null, "tenant_id" varchar(63) not null, "assigned_at" timestamptz not null, "assigned_by" varchar(200) not null, constraint "contact_point_pkey" primary key ("phone_number"));`,
    );
    this.addSql(
      `create index "contact_point_tenant_idx" on "dispatch"."contact_point" ("tenant_id", "phone_number");`,
    );
    this
      .addSql(`insert into "dispatch"."contact_point" ("phone_number", "tenant_id", "assigned_at", "assigned_by")
  select "phone_number", "tenant_id", "created_at", 'migration' from "dispatch"."dispatch_mapping"
   where "twilio_account" = 'platform'
  on conflict ("phone_number") do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "dispatch"."contact_point" cascade;`);
  }
}
