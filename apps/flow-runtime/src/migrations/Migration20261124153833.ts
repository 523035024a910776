import { Migration } from '@mikro-orm/migrations';

/** Customer flows: what a session runs, and the Queue its caller waits in; no IVR for them. */
export class Migration20261124153833 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "flow_runtime"."flow_session" add column "activity" varchar(32) not null default 'timed-presence', add column "waiting_at" varchar(64) null;`,
    );
    this.addSql(`alter table "flow_runtime"."flow_session" alter column "ivr" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "flow_runtime"."flow_session" where "activity" <> 'timed-presence';`);
    this.addSql(
      `alter table "flow_runtime"."flow_session" drop column "activity", drop column "waiting_at";`,
    );
    this.addSql(`alter table "flow_runtime"."flow_session" alter column "ivr" set not null;`);
  }
}
