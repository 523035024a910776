import { randomBytes } from 'node:crypto';
import { firstLoad, FIRST_LOAD_BUDGET_BYTES, type ChunkLike } from './first-load';

const chunk = (fileName: string, code: string, extra: Partial<ChunkLike> = {}): ChunkLike => ({
  type: 'chunk',
  fileName,
  code,
  ...extra,
});

describe('the first load of the console', () => {
  it('counts the entry and what it imports statically, not the lazily loaded pages', () => {
    const bundle = {
      'index.js': chunk('index.js', 'import "./vendor.js";', { isEntry: true, imports: ['vendor.js'] }),
      'vendor.js': chunk('vendor.js', 'export const a = 1;', { imports: ['shared.js'] }),
      'shared.js': chunk('shared.js', 'export const b = 2;'),
      'users-page.js': chunk('users-page.js', randomBytes(50_000).toString('base64')),
      'style.css': { type: 'asset' as const, fileName: 'style.css' },
    };

    const result = firstLoad(bundle);

    expect(result.files).toEqual(['index.js', 'shared.js', 'vendor.js']);
    expect(result.gzipBytes).toBeLessThan(200);
  });

  it('weighs the gzipped size, so incompressible code counts in full', () => {
    const big = randomBytes(FIRST_LOAD_BUDGET_BYTES).toString('base64');

    const result = firstLoad({ 'index.js': chunk('index.js', big, { isEntry: true }) });

    expect(result.gzipBytes).toBeGreaterThan(FIRST_LOAD_BUDGET_BYTES);
  });
});
