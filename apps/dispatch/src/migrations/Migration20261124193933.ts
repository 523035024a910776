import { Migration } from '@mikro-orm/migrations';

/**
 * Dispatch ends a wait at its maximum itself (ADR 14): the Twilio queue's SID, the REST dequeue's
 * status, attempts and due time on the waiting call, and partial indexes for the tick's two scans
 * (calls still waiting by deadline, dequeues pending by due time).
 */
export class Migration20261124193933 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "dispatch"."waiting_call" add column "queue_sid" varchar(64) null, add column "dequeue_status" varchar(16) null, add column "dequeue_attempts" int not null default 0, add column "dequeue_at" timestamptz null;`,
    );
    this.addSql(
      `create index "waiting_call_deadline_idx" on "dispatch"."waiting_call" ("deadline") where "status" in ('waiting', 'offering');`,
    );
    this.addSql(
      `create index "waiting_call_dequeue_idx" on "dispatch"."waiting_call" ("dequeue_at") where "dequeue_status" = 'pending';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "dispatch"."waiting_call_deadline_idx";`);
    this.addSql(`drop index "dispatch"."waiting_call_dequeue_idx";`);
    this.addSql(
      `alter table "dispatch"."waiting_call" drop column "queue_sid", drop column "dequeue_status", drop column "dequeue_attempts", drop column "dequeue_at";`,
    );
  }
}
