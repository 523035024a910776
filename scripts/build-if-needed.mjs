import { spawnSync } from 'node:child_process';

/** Builds with tsc (about 5 s); `SKIP_BUILD=1` reuses dist/ as it is. */
export function build() {
  if (process.env.SKIP_BUILD === '1') return;
  const result = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('build failed: fix the type errors above, then run npm start again');
    process.exit(result.status ?? 1);
  }
}
