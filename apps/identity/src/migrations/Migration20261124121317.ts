import { Migration } from '@mikro-orm/migrations';

export class Migration20261124121317 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "identity";`);
    this.addSql(
      `create table "identity"."outbox_message" ("id" bigserial primary key, "event_id" uuid not null, "subject" varchar(255) not null, "type" varchar(255) not null, "tenant_id" varchar(63) not null, "payload" jsonb not null, "created_at" timestamptz not null, "sent_at" timestamptz null, "attempts" int not null default 0, "last_error" text null);`,
    );
    this.addSql(
      `alter table "identity"."outbox_message" add constraint "outbox_message_event_id_unique" unique ("event_id");`,
    );
    this.addSql(
      `create index "outbox_message_pending_idx" on "identity"."outbox_message" ("sent_at", "id");`,
    );

    this.addSql(
      `create table "identity"."processed_event" ("consumer" varchar(128) not null, "event_id" varchar(64) not null, "processed_at" timestamptz not null, constraint "processed_event_pkey" primary key ("consumer", "event_id"));`,
    );
  }
}
