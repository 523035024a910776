#!/usr/bin/env node
// `npm start`: build, migrate every app, start all five with labelled, interleaved logs, and say
// where everything is once all of them report ready. An app that crashes is started again (after
// 1 s, doubling to 30 s while it keeps crashing); Ctrl-C stops them all cleanly.
import { spawnSync } from 'node:child_process';
import { APPS, CONSOLE } from './apps.mjs';
import { build } from './build-if-needed.mjs';
import { DEMO, seedDemo } from './demo.mjs';
import { DEV_TWILIO, useInstallationAuthSecret } from './dev-defaults.mjs';
import { supervise } from './supervise.mjs';

// Admin credentials of this installation are signed with its own secret (.tmp/auth-jwt-secret).
useInstallationAuthSecret();

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
  // A laptop has no Twilio account: the simulator signs with this development one.
  // Twilio signs the public URL; on a laptop that is dispatch itself.
  PUBLIC_BASE_URL:
    process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${APPS.find((a) => a.name === 'dispatch').port}`,
  ...(process.env.NODE_ENV === 'production' || process.env.TWILIO_AUTH_TOKEN
    ? {}
    : { TWILIO_ACCOUNT_SID: DEV_TWILIO.accountSid, TWILIO_AUTH_TOKEN: DEV_TWILIO.authToken }),
};
const supervisor = supervise(
  [...APPS, CONSOLE].map((app) => ({ name: app.name, args: [app.entry] })),
  { env },
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
let announced = false;
const waiting = setInterval(async () => {
  if (announced) return;
  const states = await Promise.all([...APPS, CONSOLE].map(ready));
  if (states.every(Boolean) && !announced) {
    announced = true;
    clearInterval(waiting);
    const rows = APPS.map(
      (a) => `  ${a.name.padEnd(13)} http://127.0.0.1:${a.port}  (OpenAPI /docs, /health/ready, /metrics)`,
    );
    rows.push(`  ${CONSOLE.name.padEnd(13)} http://127.0.0.1:${CONSOLE.port}  (the admin console)`);
    let demo;
    try {
      demo = await seedDemo(APPS);
    } catch (error) {
      console.error(`the demo tenant could not be set up: ${error.message}`);
    }
    const agent = DEMO.agents[0];
    console.log(
      [
        '',
        `Timed Presence is ready (${((Date.now() - started) / 1000).toFixed(1)} s):`,
        ...rows,
        ...(demo
          ? [
              '',
              `Sign in to the console as the demo tenant's admin (one click, valid 12 h):`,
              `  ${demo.consoleLink}`,
              '',
              `Demo tenant "${DEMO.tenantId}": the starter set of eleven prompts, a Timed Presence flow (presets 8, 24, 48, 72 h),`,
              `contact point ${DEMO.contactPoint}, agents ${DEMO.agents.map((a) => `${a.name} ${a.phone}`).join(', ')}.`,
              `Admin credential (Authorization: Bearer ...):`,
              `  ${demo.token}`,
              '',
              'Place a call as the agent (type keys at each menu, or script them):',
              `  npm run call -- --from ${agent.phone} --to ${DEMO.contactPoint}`,
              `  npm run call -- --from ${agent.phone} --to ${DEMO.contactPoint} --press 1`,
              `Watch presence events: npm run events -- --tenant ${DEMO.tenantId}`,
            ]
          : []),
        '',
        'Ctrl-C stops everything.',
        '',
      ].join('\n'),
    );
  } else if (Date.now() - started > 60_000) {
    clearInterval(waiting);
    console.error(
      `not ready after 60 s: ${[...APPS, CONSOLE]
        .filter((_, i) => !states[i])
        .map((a) => a.name)
        .join(', ')}`,
    );
  }
}, 500);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    clearInterval(waiting);
    void supervisor.stop('SIGTERM').then((code) => process.exit(code));
  });
}
