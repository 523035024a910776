#!/usr/bin/env node
// `npm run migrate`: builds, then applies every app's pending migrations, one app at a time.
import { spawnSync } from 'node:child_process';
import { APPS } from './apps.mjs';
import { build } from './build-if-needed.mjs';

build();
for (const app of APPS) {
  const result = spawnSync(process.execPath, [app.entry, 'migrate'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
