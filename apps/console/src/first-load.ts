import { gzipSync } from 'node:zlib';

/** What the browser must download before the first page can render (the Vite build checks it). */
export const FIRST_LOAD_BUDGET_BYTES = 300 * 1024;

/** The part of a Rollup/Vite output chunk this needs. */
export interface ChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  imports?: string[];
  code?: string;
}

export interface FirstLoad {
  files: string[];
  gzipBytes: number;
}

/**
 * The entry chunk and every chunk it imports statically (transitively), gzipped: the JavaScript of
 * the first load. Lazily imported pages are not in it.
 */
export function firstLoad(bundle: Record<string, ChunkLike>): FirstLoad {
  const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const files = new Set<string>();
  const visit = (name: string) => {
    if (files.has(name)) return;
    const chunk = byName.get(name);
    if (!chunk) return;
    files.add(name);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const entry of chunks.filter((c) => c.isEntry)) visit(entry.fileName);
  const gzipBytes = [...files].reduce((sum, name) => sum + gzipSync(byName.get(name)?.code ?? '').length, 0);
  return { files: [...files].sort(), gzipBytes };
}

export const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
