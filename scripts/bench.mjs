#!/usr/bin/env node
// `npm run bench`: builds, then runs every benchmark under bench/ (they print their figures).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { build } from './build-if-needed.mjs';

build();
for (const file of readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()) {
  const result = spawnSync(process.execPath, [`dist/bench/${file.replace(/\.ts$/, '.js')}`], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
