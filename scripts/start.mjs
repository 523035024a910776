#!/usr/bin/env node
// `npm start`: build, migrate every app, start all five with labelled, interleaved logs, and say
// where everything is once all of them report ready. Ctrl-C stops them all cleanly.
import { spawnSync } from 'node:child_process';
import { concurrently } from 'concurrently';
import { APPS } from './apps.mjs';
import { build } from './build-if-needed.mjs';

build();
for (const app of APPS) {
  const result = spawnSync(process.execPath, [app.entry, 'migrate'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) process.exit(result.status ?? 1); // the app printed one line saying why
}

const env = {
  ...process.env,
  LOG_FORMAT: process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'text' : 'json'),
  // No load balancer to wait for on a laptop: Ctrl-C closes at once (still gracefully).
  SHUTDOWN_DRAIN_MS: process.env.SHUTDOWN_DRAIN_MS ?? '0',
};
const { result, commands } = concurrently(
  APPS.map((app) => ({ name: app.name, command: `node ${app.entry}`, env })),
  { prefix: 'name', padPrefix: true, killOthersOn: ['failure'], killSignal: 'SIGTERM' },
);

async function ready(app) {
  try {
    const response = await fetch(`http://127.0.0.1:${app.port}/health/ready`);
    return response.ok;
  } catch {
    return false;
  }
}

const started = Date.now();
const waiting = setInterval(async () => {
  const states = await Promise.all(APPS.map(ready));
  if (states.every(Boolean)) {
    clearInterval(waiting);
    const rows = APPS.map(
      (a) =>
        `  ${a.name.padEnd(13)} http://127.0.0.1:${a.port}  (docs /docs, health /health/ready, metrics /metrics)`,
    );
    console.log(
      [
        '',
        `Timed Presence is ready (${((Date.now() - started) / 1000).toFixed(1)} s):`,
        ...rows,
        'Ctrl-C stops everything.',
        '',
      ].join('\n'),
    );
  } else if (Date.now() - started > 60_000) {
    clearInterval(waiting);
    console.error(
      `not ready after 60 s: ${APPS.filter((_, i) => !states[i])
        .map((a) => a.name)
        .join(', ')}`,
    );
  }
}, 500);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    clearInterval(waiting);
    for (const command of commands) command.kill('SIGTERM');
  });
}

result.then(
  () => process.exit(0),
  (events) => {
    clearInterval(waiting);
    const failed = events.filter((e) => e.exitCode !== 0 && e.exitCode !== 'SIGTERM' && !e.killed);
    process.exit(failed.length > 0 ? 1 : 0);
  },
);
