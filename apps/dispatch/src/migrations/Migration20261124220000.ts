import { Migration } from '@mikro-orm/migrations';

/**
 * Choose-and-reserve from a copy of `routing_agent` in each replica (ADR 16): a trigger notifies
 * `tp_dispatch_routing_agent` (payload `<tenant> <agent>`) when a column the copy ranks by
 * changes (insert, delete, state, status, expiry, skills, idle start), never for a reservation, so
 * the hot path stays free of `pg_notify`. Reservations are set and cleared by primary key now:
 * the index on `reservation_id` goes, and with it the last index on a reservation column, so
 * reserving and releasing are heap-only (HOT) updates, which a fill factor of 70 leaves room for.
 */
export class Migration20261124220000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop index if exists "dispatch"."routing_agent_reservation_idx";`);
    this.addSql(`alter table "dispatch"."routing_agent" set (fillfactor = 70);`);
    this
      .addSql(`create or replace function "dispatch"."routing_agent_changed"() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    perform pg_notify('tp_dispatch_routing_agent', old.tenant_id || ' ' || old.agent_id);
  else
    perform pg_notify('tp_dispatch_routing_agent', new.tenant_id || ' ' || new.agent_id);
  end if;
  return null;
end $$;`);
    this
      .addSql(`create trigger "routing_agent_ranked_changed" after update of "state", "status", "expires_at", "skills", "idle_since"
  on "dispatch"."routing_agent" for each row
  when (old."state" is distinct from new."state" or old."status" is distinct from new."status"
        or old."expires_at" is distinct from new."expires_at" or old."skills" is distinct from new."skills"
        or old."idle_since" is distinct from new."idle_since")
  execute function "dispatch"."routing_agent_changed"();`);
    this.addSql(`create trigger "routing_agent_added_or_removed" after insert or delete
  on "dispatch"."routing_agent" for each row execute function "dispatch"."routing_agent_changed"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "routing_agent_added_or_removed" on "dispatch"."routing_agent";`);
    this.addSql(`drop trigger "routing_agent_ranked_changed" on "dispatch"."routing_agent";`);
    this.addSql(`drop function "dispatch"."routing_agent_changed"();`);
    this.addSql(`alter table "dispatch"."routing_agent" reset (fillfactor);`);
    this.addSql(
      `create index "routing_agent_reservation_idx" on "dispatch"."routing_agent" ("reservation_id") where "reservation_id" is not null;`,
    );
  }
}
