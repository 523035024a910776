import { EntityManager } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { PlatformEnv } from '../config/env';
import { APP_INFO, PLATFORM_ENV, type AppInfo } from '../nest/tokens';
import { PgListener } from './pg-listener';

const NAME = /^[a-z_][a-z0-9_]*$/;

function checked(name: string): string {
  if (!NAME.test(name)) throw new Error(`bad identifier ${name}`);
  return name;
}

/** The channel on which an app's tables announce committed changes: `tp_changes_<schema>`. */
export function rowChangesChannel(schema: string): string {
  return `tp_changes_${checked(schema)}`;
}

/**
 * The statements that make every committed insert, update or delete of a row of `<schema>.<table>`
 * notify {@link rowChangesChannel} with `<topic>:<key>`, where `key` is the SQL expression `keyOf`
 * gives over the row (`NEW` or `OLD`), for the old and the new row alike (a renumbered row is news
 * to both keys). PostgreSQL delivers notifications only on commit and folds identical ones of a
 * transaction. Used by the app's migrations.
 */
export function rowChangesNotifySql(
  schema: string,
  table: string,
  topic: string,
  keyOf: (row: 'NEW' | 'OLD') => string,
): string[] {
  const s = checked(schema);
  const t = checked(table);
  const channel = rowChangesChannel(s);
  const fn = `"${s}"."${t}_changes_notify"`;
  return [
    `create or replace function ${fn}() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then perform pg_notify('${channel}', '${checked(topic)}:' || ${keyOf('OLD')}); end if;
        if tg_op <> 'DELETE' then perform pg_notify('${channel}', '${topic}:' || ${keyOf('NEW')}); end if;
        return null;
      end $$;`,
    `drop trigger if exists "${t}_changes_notify" on "${s}"."${t}";`,
    `create trigger "${t}_changes_notify" after insert or update or delete on "${s}"."${t}"
      for each row execute function ${fn}();`,
  ];
}

/** Undoes {@link rowChangesNotifySql}. */
export function dropRowChangesNotifySql(schema: string, table: string): string[] {
  const s = checked(schema);
  const t = checked(table);
  return [
    `drop trigger if exists "${t}_changes_notify" on "${s}"."${t}";`,
    `drop function if exists "${s}"."${t}_changes_notify"();`,
  ];
}

/**
 * A replica's copy of rows it reads on every call, by key, kept only while it is told of every
 * change: while the app's {@link RowChanges} listener is listening. A committed change anywhere (any
 * replica, a migration, an operator's SQL) drops the key within milliseconds; a lost connection
 * drops everything, and until it is back every read goes to the database. A read that started
 * before a change is used for its caller but not kept. Bounded: the oldest entries go first.
 */
export class NotifiedCache<V> {
  private readonly entries = new Map<string, V>();
  /** Grows with every drop: a load that saw it change is not kept. */
  private generation = 0;

  constructor(
    private readonly trusted: () => boolean,
    private readonly maxEntries = 10_000,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    if (!this.trusted()) return load();
    if (this.entries.has(key)) return this.entries.get(key) as V;
    const generation = this.generation;
    const value = await load();
    if (generation === this.generation && this.trusted()) {
      this.entries.set(key, value);
      if (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return value;
  }

  forget(key: string): void {
    this.generation += 1;
    this.entries.delete(key);
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Listens to {@link rowChangesChannel} of the app's schema for the life of the process and drops
 * the changed keys from the caches made with {@link cache}, on this replica and every other.
 */
@Injectable()
export class RowChanges implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly listener: PgListener;
  private readonly caches = new Map<string, NotifiedCache<unknown>>();

  constructor(em: EntityManager, @Inject(APP_INFO) app: AppInfo, @Inject(PLATFORM_ENV) env: PlatformEnv) {
    this.listener = new PgListener({
      connectionString: env.OUTBOX_LISTEN_URL ?? em.config.getClientUrl(),
      channels: [rowChangesChannel(app.schema)],
      applicationName: `${app.name}-row-changes`,
      onNotification: (_channel, payload) => this.changed(payload),
      onListening: () => this.clearAll(),
      onLost: () => this.clearAll(),
    });
  }

  /** A cache of the rows of `topic` (the topic the table's trigger names). */
  cache<V>(topic: string, maxEntries?: number): NotifiedCache<V> {
    if (this.caches.has(topic)) throw new Error(`a cache of ${topic} exists already`);
    const cache = new NotifiedCache<V>(() => this.listener.listening, maxEntries);
    this.caches.set(topic, cache);
    return cache;
  }

  /** Whether changes are being heard now (the caches are trusted). */
  get listening(): boolean {
    return this.listener.listening;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener.stop();
  }

  private changed(payload: string): void {
    const colon = payload.indexOf(':');
    if (colon < 0) return;
    this.caches.get(payload.slice(0, colon))?.forget(payload.slice(colon + 1));
  }

  private clearAll(): void {
    for (const cache of this.caches.values()) cache.clear();
  }
}
