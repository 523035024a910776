import { Migration } from '@mikro-orm/migrations';

/**
 * Per-session records (ADR 29): one row per timed session of an agent, kept by the session
 * projector from presence and dispatch events. Listed newest first per tenant (keyset on
 * started_at, id), per agent too; at most one open session per agent.
 */
export class Migration20261207223100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "presence"."agent_session" (
      "id" uuid not null primary key,
      "tenant_id" varchar(63) not null,
      "agent_id" varchar(64) not null,
      "started_at" timestamptz not null,
      "via" varchar(24) null,
      "first_planned_end_at" timestamptz not null,
      "planned_end_at" timestamptz not null,
      "ended_at" timestamptz null,
      "end_reason" varchar(32) null,
      "last_sequence" integer not null,
      "break_count" integer not null default 0,
      "break_ms" bigint not null default 0,
      "on_break_since" timestamptz null,
      "calls" integer not null default 0,
      "talk_ms" bigint not null default 0,
      "busy_since" timestamptz null,
      "offers_made" integer not null default 0,
      "offers_accepted" integer not null default 0,
      "offers_missed" integer not null default 0,
      "missed_by_reason" jsonb not null default '{}'
    );`);
    this.addSql(
      `create index "agent_session_tenant_idx" on "presence"."agent_session" ("tenant_id", "started_at" desc, "id" desc);`,
    );
    this.addSql(
      `create index "agent_session_agent_idx" on "presence"."agent_session" ("tenant_id", "agent_id", "started_at" desc, "id" desc);`,
    );
    this.addSql(
      `create unique index "agent_session_open_uq" on "presence"."agent_session" ("tenant_id", "agent_id") where "ended_at" is null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "presence"."agent_session";`);
  }
}
