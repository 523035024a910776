import { TenantCache, TenantDirectory } from './tenant-directory';

/** A directory that answers from a set and counts the questions it was asked. */
class CountingDirectory extends TenantDirectory {
  readonly tenants = new Set<string>();
  asked = 0;
  failing = false;

  isKnown(tenantId: string): Promise<boolean> {
    this.asked += 1;
    if (this.failing) return Promise.reject(new Error('identity is down'));
    return Promise.resolve(this.tenants.has(tenantId));
  }
}

describe(TenantCache.name, () => {
  let now: number;
  let directory: CountingDirectory;
  let cache: TenantCache;

  beforeEach(() => {
    now = 1_000_000;
    directory = new CountingDirectory();
    cache = new TenantCache(directory, () => now);
  });

  it('remembers a known tenant for 5 minutes', async () => {
    directory.tenants.add('acme');

    await cache.isKnown('acme');
    now += TenantCache.KNOWN_MS - 1;
    await cache.isKnown('acme');
    expect(directory.asked).toBe(1);
    now += 1;
    await cache.isKnown('acme');
    expect(directory.asked).toBe(2);
  });

  it('remembers an unknown tenant for 5 seconds only, then sees it set up', async () => {
    expect(await cache.isKnown('acme')).toBe(false);
    directory.tenants.add('acme');
    now += TenantCache.UNKNOWN_MS - 1;
    expect(await cache.isKnown('acme')).toBe(false);

    now += 1;

    expect(await cache.isKnown('acme')).toBe(true);
  });

  it('asks once for parallel questions about one tenant', async () => {
    directory.tenants.add('acme');

    const answers = await Promise.all([cache.isKnown('acme'), cache.isKnown('acme'), cache.isKnown('acme')]);

    expect(answers).toEqual([true, true, true]);
    expect(directory.asked).toBe(1);
  });

  it('does not remember a failed question', async () => {
    directory.failing = true;
    await expect(cache.isKnown('acme')).rejects.toThrow('identity is down');

    directory.failing = false;
    directory.tenants.add('acme');

    expect(await cache.isKnown('acme')).toBe(true);
  });
});
