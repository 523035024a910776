import { NotifiedCache } from './row-changes';

describe(NotifiedCache.name, () => {
  let listening: boolean;
  let cache: NotifiedCache<string | null>;
  let reads: number;
  let stored: Record<string, string | null>;

  const load = (key: string) => async () => {
    reads += 1;
    return stored[key] ?? null;
  };

  beforeEach(() => {
    listening = true;
    cache = new NotifiedCache(() => listening, 3);
    reads = 0;
    stored = { a: 'one', b: 'two' };
  });

  it('reads a key once while it hears of every change, absent keys included', async () => {
    await cache.get('a', load('a'));
    await cache.get('x', load('x'));

    await expect(cache.get('a', load('a'))).resolves.toBe('one');
    await expect(cache.get('x', load('x'))).resolves.toBeNull();
    expect(reads).toBe(2);
  });

  it('reads a key again once told it changed', async () => {
    await cache.get('a', load('a'));
    stored.a = 'uno';
    cache.forget('a');

    await expect(cache.get('a', load('a'))).resolves.toBe('uno');
  });

  it('keeps nothing and reads every time while it cannot hear changes', async () => {
    listening = false;
    await cache.get('a', load('a'));
    await cache.get('a', load('a'));

    expect([reads, cache.size]).toEqual([2, 0]);
  });

  it('uses a read that a change overtook for its caller, but does not keep it', async () => {
    let release!: () => void;
    const slow = cache.get('a', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return 'before the change';
    });
    stored.a = 'after the change';
    cache.forget('a');
    release();

    await expect(slow).resolves.toBe('before the change');
    await expect(cache.get('a', load('a'))).resolves.toBe('after the change');
  });

  it('forgets everything at once, and the oldest first past its bound', async () => {
    stored = { a: '1', b: '2', c: '3', d: '4' };
    for (const key of ['a', 'b', 'c', 'd']) await cache.get(key, load(key));
    expect(cache.size).toBe(3);
    await cache.get('a', load('a'));
    expect(reads).toBe(5); // `a` went first

    cache.clear();
    expect(cache.size).toBe(0);
  });
});
