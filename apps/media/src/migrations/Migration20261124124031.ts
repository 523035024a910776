import { Migration } from '@mikro-orm/migrations';

export class Migration20261124124031 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "media"."prompt" ("id" uuid not null, "tenant_id" varchar(63) not null, "name" varchar(100) not null, "name_key" varchar(200) not null, "role" varchar(32) null, "kind" varchar(8) not null, "text" text null, "voice" varchar(128) null, "language" varchar(35) null, "audio_url" text null, "version" int not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "prompt_pkey" primary key ("id"), constraint prompt_content_check check ((kind = 'tts' and text is not null and voice is not null and language is not null and audio_url is null) or (kind = 'audio' and audio_url is not null and text is null and voice is null and language is null)));`,
    );
    this.addSql(`create index "prompt_tenant_role_idx" on "media"."prompt" ("tenant_id", "role");`);
    this.addSql(
      `alter table "media"."prompt" add constraint "prompt_tenant_name_key_unique" unique ("tenant_id", "name_key");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "media"."prompt" cascade;`);
  }
}
