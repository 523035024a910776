const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

function checked(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`bad schema name ${schema}`);
  return schema;
}

/** The channel an app's outbox notifies when rows are committed: `tp_outbox_<schema>`. */
export function outboxChannel(schema: string): string {
  return `tp_outbox_${checked(schema)}`;
}

/**
 * The statements that make every insert into `<schema>.outbox_message` notify
 * {@link outboxChannel}: one statement-level trigger, so a flush of many rows notifies once, and
 * PostgreSQL delivers the notification only when the transaction commits (a rolled-back event wakes
 * nobody) and folds identical notifications of one transaction into one. Used by each app's
 * migration (and by tests that create the table from the entity).
 */
export function outboxNotifySql(schema: string): string[] {
  const s = checked(schema);
  return [
    `create or replace function "${s}"."outbox_message_notify"() returns trigger language plpgsql as $$
      begin perform pg_notify('${outboxChannel(s)}', ''); return null; end $$;`,
    `drop trigger if exists "outbox_message_notify" on "${s}"."outbox_message";`,
    `create trigger "outbox_message_notify" after insert on "${s}"."outbox_message"
      for each statement execute function "${s}"."outbox_message_notify"();`,
  ];
}

/** Undoes {@link outboxNotifySql}. */
export function dropOutboxNotifySql(schema: string): string[] {
  const s = checked(schema);
  return [
    `drop trigger if exists "outbox_message_notify" on "${s}"."outbox_message";`,
    `drop function if exists "${s}"."outbox_message_notify"();`,
  ];
}
