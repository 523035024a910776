import { Migration } from '@mikro-orm/migrations';

export class Migration20261124121318 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "flow_runtime";`);
    this.addSql(
      `create table "flow_runtime"."outbox_message" ("id" bigserial primary key, "event_id" uuid not null, "subject" varchar(255) not null, "type" varchar(255) not null, "tenant_id" varchar(63) not null, "payload" jsonb not null, "created_at" timestamptz not null, "sent_at" timestamptz null, "attempts" int not null default 0, "last_error" text null);`,
    );
    this.addSql(
      `alter table "flow_runtime"."outbox_message" add constraint "outbox_message_event_id_unique" unique ("event_id");`,
    );
    this.addSql(
      `create index "outbox_message_pending_idx" on "flow_runtime"."outbox_message" ("sent_at", "id");`,
    );

    this.addSql(
      `create table "flow_runtime"."processed_event" ("consumer" varchar(128) not null, "event_id" varchar(64) not null, "processed_at" timestamptz not null, constraint "processed_event_pkey" primary key ("consumer", "event_id"));`,
    );
  }
}
