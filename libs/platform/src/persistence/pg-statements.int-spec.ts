import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase } from '@tp/stack-harness';
import { createOrmOptions } from './orm-options';
import { PG_LOCK_NOT_AVAILABLE, pgErrorCode, PgStatements } from './pg-statements';

const SCHEMA = 'pgstatementstest';
const TABLE = `"${SCHEMA}"."counter"`;

describe(PgStatements.name, () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: MikroORM;
  let sql: PgStatements;

  const bump = (id: string) => ({
    name: `${SCHEMA}_bump`,
    text: `update ${TABLE} set n = n + 1 where id = $1 returning n`,
    values: [id],
  });
  const read = (id: string) => ({
    name: `${SCHEMA}_read`,
    text: `select n, at from ${TABLE} where id = $1`,
    values: [id],
  });

  beforeAll(async () => {
    db = await createTestDatabase('pgstatements');
    orm = await MikroORM.init(
      createOrmOptions({ schema: SCHEMA, clientUrl: db.url, entities: [], migrations: [], poolMax: 3 }),
    );
    const connection = orm.em.getConnection();
    await connection.execute(`create schema ${SCHEMA}`);
    await connection.execute(`create table ${TABLE} (id text primary key, n int not null, at timestamptz)`);
    sql = new PgStatements(orm.em);
  });

  beforeEach(async () => {
    await orm.em
      .getConnection()
      .execute(`truncate ${TABLE}; insert into ${TABLE} values ('a', 0, '2026-03-02T09:00:00Z')`);
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('runs a prepared statement again and again, on any connection of the pool', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => sql.query<{ n: number }>(bump('a'))));

    expect(results.map((rows) => rows[0].n).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const [row] = await sql.query<{ n: number; at: string }>(read('a'));
    expect(new Date(row.at).toISOString()).toBe('2026-03-02T09:00:00.000Z');
  });

  it('commits a transaction that resolves and answers what it returned', async () => {
    const answer = await sql.transaction(async (tx) => {
      await tx.query(bump('a'));
      return (await tx.query<{ n: number }>(bump('a')))[0].n;
    });

    expect(answer).toBe(2);
    expect((await sql.query<{ n: number }>(read('a')))[0].n).toBe(2);
  });

  it('rolls back a transaction that throws, and rethrows', async () => {
    const failure = new Error('changed my mind');

    await expect(
      sql.transaction(async (tx) => {
        await tx.query(bump('a'));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await sql.query<{ n: number }>(read('a')))[0].n).toBe(0);
  });

  it('applies its set local settings: a row held elsewhere fails with lock_not_available in time', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = sql.transaction(async (tx) => {
      await tx.query({
        name: `${SCHEMA}_lock`,
        text: `select n from ${TABLE} where id = $1 for update`,
        values: ['a'],
      });
      locked();
      await held;
    });
    await isLocked;

    const error = await sql
      .transaction(async (tx) => tx.query(bump('a')), ["lock_timeout = '100ms'"])
      .catch((e: unknown) => e);
    release();
    await holder;

    expect(pgErrorCode(error)).toBe(PG_LOCK_NOT_AVAILABLE);
    // and the connection went back to the pool usable
    await expect(sql.query(bump('a'))).resolves.toEqual([{ n: 1 }]);
  });

  it('sends the first statement of a transaction with its begin, its values as literals, and rolls back when it fails', async () => {
    const lock = (id: string) => ({
      name: `${SCHEMA}_lock_n`,
      text: `select n, $2::text as note from ${TABLE} where id = $1 for update`,
      values: [id, "it's"],
    });

    const answer = await sql.transactionFrom<{ n: number; note: string }, string>(
      lock('a'),
      async ([row], tx) => {
        await tx.query(bump('a'));
        return `${row.n} ${row.note}`;
      },
    );
    expect(answer).toBe("0 it's");

    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = sql.transactionFrom(lock('a'), async () => {
      locked();
      await held;
    });
    await isLocked;
    const error = await sql
      .transactionFrom(lock('a'), async () => 'never', ["lock_timeout = '100ms'"])
      .catch((e: unknown) => e);
    release();
    await holder;

    expect(pgErrorCode(error)).toBe(PG_LOCK_NOT_AVAILABLE);
    // the aborted transaction was rolled back: every connection of the pool works
    await expect(Promise.all([1, 2, 3].map(() => sql.query(bump('a'))))).resolves.toHaveLength(3);
    expect((await sql.query<{ n: number }>(read('a')))[0].n).toBe(4);
  });
});
