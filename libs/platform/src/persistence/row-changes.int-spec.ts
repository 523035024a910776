import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, waitFor } from '@tp/stack-harness';
import { Client } from 'pg';
import type { PlatformEnv } from '../config/env';
import { createOrmOptions } from './orm-options';
import { RowChanges, rowChangesNotifySql, type NotifiedCache } from './row-changes';

const SCHEMA = 'rowchangestest';
const TABLE = `"${SCHEMA}"."setting"`;

// A replica's cache of rows, and a change committed by someone else: another replica, an operator.
describe(RowChanges.name, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM;
  let changes: RowChanges;
  let cache: NotifiedCache<string | null>;
  let other: Client;
  let reads: number;

  const read = (key: string) =>
    cache.get(key, async () => {
      reads += 1;
      const [row] = await orm.em
        .getConnection()
        .execute<{ value: string }[]>(`select value from ${TABLE} where key = ?`, [key]);
      return row?.value ?? null;
    });

  beforeAll(async () => {
    db = await createTestDatabase('rowchanges');
    orm = await MikroORM.init(
      createOrmOptions({ schema: SCHEMA, clientUrl: db.url, entities: [], migrations: [], poolMax: 2 }),
    );
    const connection = orm.em.getConnection();
    await connection.execute(`create schema ${SCHEMA}`);
    await connection.execute(`create table ${TABLE} (key text primary key, value text not null)`);
    for (const sql of rowChangesNotifySql(SCHEMA, 'setting', 'setting', (r) => `${r}.key`))
      await connection.execute(sql);
    changes = new RowChanges(orm.em, { name: 'rowchangestest', schema: SCHEMA }, {
      OUTBOX_LISTEN_URL: db.url,
    } as PlatformEnv);
    cache = changes.cache('setting');
    await changes.onApplicationBootstrap();
    other = new Client({ connectionString: db.url });
    await other.connect();
  });

  /** Until the notifications of what was committed so far have been heard (they come in order). */
  let round = 0;
  const settled = async () => {
    round += 1;
    await other.query(
      `insert into ${TABLE} values ('sentinel', $1) on conflict (key) do update set value = excluded.value`,
      [String(round)],
    );
    await waitFor(async () => (await read('sentinel')) === String(round), 5000, 'the sentinel');
  };

  beforeEach(async () => {
    await other.query(`truncate ${TABLE}`);
    await other.query(`insert into ${TABLE} values ('greeting', 'hello')`);
    await settled();
    cache.clear();
    reads = 0;
  });

  afterAll(async () => {
    await other?.end();
    await changes?.beforeApplicationShutdown();
    await orm?.close(true);
    await db?.drop();
  });

  it('answers from memory until a change is committed elsewhere, then the new row within a second', async () => {
    expect(changes.listening).toBe(true);
    await read('greeting');
    await read('greeting');
    expect(reads).toBe(1);

    await other.query(`update ${TABLE} set value = 'bonjour' where key = 'greeting'`);

    await waitFor(async () => (await read('greeting')) === 'bonjour', 1000, 'the change within 1 s');
  });

  it('hears of a row created under a key it knew as absent, and of a row deleted', async () => {
    await expect(read('farewell')).resolves.toBeNull();

    await other.query(`insert into ${TABLE} values ('farewell', 'bye')`);
    await waitFor(async () => (await read('farewell')) === 'bye', 1000, 'the new row within 1 s');

    await other.query(`delete from ${TABLE} where key = 'farewell'`);
    await waitFor(async () => (await read('farewell')) === null, 1000, 'the deletion within 1 s');
  });

  it('keeps answering from memory across a change rolled back', async () => {
    await read('greeting');
    await other.query('begin');
    await other.query(`update ${TABLE} set value = 'hola' where key = 'greeting'`);
    await other.query('rollback');
    await settled();
    const readsBefore = reads;

    await expect(read('greeting')).resolves.toBe('hello');
    expect(reads).toBe(readsBefore); // the rolled-back change dropped nothing
  });
});
