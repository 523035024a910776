import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '../..');
/** Written by `npm run build` when it succeeds: dist/ is at least as new as this file. */
const STAMP = join(ROOT, 'dist', '.build-stamp');
/** What the build reads: a change to any of these makes dist/ stale. */
const INPUTS = ['apps', 'libs', 'bench', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestMtime(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows only as its folder's change
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when `npm run build` finished after the last change to anything it reads. */
export function buildIsCurrent() {
  if (!existsSync(STAMP)) return false;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.every((input) => newestMtime(join(ROOT, input)) <= built);
}

/**
 * Builds (tsc and the console's bundle) unless dist/ is already current; `SKIP_BUILD=1` reuses
 * dist/ as it is.
 */
export function build() {
  if (process.env.SKIP_BUILD === '1' || buildIsCurrent()) return;
  const result = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit', cwd: ROOT });
  if (result.status !== 0) {
    console.error('build failed: fix the errors above, then try again');
    process.exit(result.status ?? 1);
  }
}

// `node scripts/build-if-needed.mjs` builds when stale; `--stamp` (the last step of `npm run build`)
// records that dist/ is current.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--stamp')) writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  else build();
}
