#!/usr/bin/env node
// `npm run call -- --from <agent number> --to <contact point> [--press 9,12#] [--silence]`: a phone
// simulator. Places a call through dispatch exactly as Twilio would (signed webhooks), prints what
// the caller hears prompt by prompt, takes key presses from the keyboard (or --press for scripts),
// and prints the agent's presence when the call ends.
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { build } from './build-if-needed.mjs';
import { DEV_TWILIO, useInstallationAuthSecret } from './dev-defaults.mjs';

// Admin credentials of this installation are signed with its own secret (.tmp/auth-jwt-secret).
useInstallationAuthSecret();

const HELP = `usage: npm run call -- --from <number> --to <number> [--press <keys>] [--silence] [--tenant <id>]
  --from     the caller ID (an agent's PSTN number, or any number to play an unknown caller)
  --to       the number called (a dispatch mapping's contact point)
  --press    key presses for each menu, comma-separated, e.g. 9,12#  (no --press: type them)
  --silence  say nothing at the first menu (a timeout)
  --stir     a StirVerstat value, e.g. TN-Validation-Passed-A
  --tenant   print this tenant's presence of the agent at the end (default: demo)
  DISPATCH_URL (default http://127.0.0.1:3000), PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN as the stack uses them`;

let args;
try {
  args = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      press: { type: 'string' },
      silence: { type: 'boolean', default: false },
      stir: { type: 'string' },
      tenant: { type: 'string', default: 'demo' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  console.error(`call: ${error.message}\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
if (!args.from || !args.to) {
  console.error(`call: --from and --to are required\n${HELP}`);
  process.exit(2);
}

if (!existsSync('dist/libs/twilio-simulator/src/call-simulator.js')) build();
const require = createRequire(import.meta.url);
const { CallSimulator } = require('../dist/libs/twilio-simulator/src/call-simulator.js');

const serverUrl = process.env.DISPATCH_URL ?? `http://127.0.0.1:${process.env.DISPATCH_HTTP_PORT ?? 3000}`;
const simulator = new CallSimulator({
  serverUrl,
  publicBaseUrl: process.env.PUBLIC_BASE_URL ?? serverUrl,
  authToken: process.env.TWILIO_AUTH_TOKEN ?? DEV_TWILIO.authToken,
  accountSid: process.env.TWILIO_ACCOUNT_SID ?? DEV_TWILIO.accountSid,
});

const scripted = args.press === undefined ? null : args.press.split(',').map((k) => k.trim());
// Keys typed at a terminal, or piped in one line per menu (`printf '9\n12#\n' | npm run call ...`).
const rl = scripted ? null : createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
const lines = rl?.[Symbol.asyncIterator]();

function printHeard(call) {
  for (const item of call.lastHeard) {
    if (item.kind === 'say') console.log(`  🔊 ${item.text}`);
    else if (item.kind === 'play') console.log(`  🔊 [audio ${item.url}]`);
    else if (item.kind === 'pause') console.log(`  … (${item.seconds} s pause)`);
    else console.log(`  ☎ ${item.kind} ${JSON.stringify(item)}`);
  }
}

let call;
try {
  console.log(`calling ${args.to} from ${args.from} through ${serverUrl}`);
  call = await simulator.dial({ from: args.from, to: args.to, stirVerstat: args.stir });
} catch (error) {
  console.error(
    `call: dispatch does not answer at ${serverUrl} (${error.cause?.code ?? error.message}); is the stack running (npm start)?`,
  );
  process.exit(1);
}
if (call.lastStatus !== 200) {
  console.error(`call: dispatch answered ${call.lastStatus}: ${call.lastTwiml.slice(0, 200)}`);
  process.exit(1);
}
printHeard(call);
let silenced = false;
while (!call.ended && call.gather) {
  let keys;
  if (args.silence && !silenced) {
    silenced = true;
    keys = '';
  } else if (scripted) {
    keys = scripted.shift();
    if (keys === undefined) {
      console.log('  (no more keys in --press: hanging up)');
      break;
    }
  } else {
    process.stdout.write('  keys (Enter for silence)> ');
    const next = await lines.next();
    if (next.done) {
      console.log('\n  (input ended: hanging up)');
      break;
    }
    keys = next.value.trim();
    if (!process.stdin.isTTY) process.stdout.write(`${keys}\n`);
  }
  if (keys === '') {
    console.log('  … (silence)');
    await call.silence();
  } else {
    console.log(`  ⌨ ${keys}`);
    await call.press(keys);
  }
  printHeard(call);
}
rl?.close();
console.log(call.ended ? 'call ended' : 'call left');

// The agent's presence, as the admin API shows it.
try {
  const { loadEnv, mintAdminToken, PlatformEnvSchema } = require('../dist/libs/platform/src');
  const env = loadEnv(PlatformEnvSchema);
  const token = mintAdminToken(env.AUTH_JWT_SECRET, {
    tenantId: args.tenant,
    subject: 'simulator',
    issuer: env.AUTH_JWT_ISSUER,
    ttlSeconds: 60,
  });
  const identityUrl = `http://127.0.0.1:${process.env.IDENTITY_HTTP_PORT ?? 3001}`;
  const presenceUrl = `http://127.0.0.1:${process.env.PRESENCE_HTTP_PORT ?? 3004}`;
  const headers = { authorization: `Bearer ${token}` };
  const users = await (
    await fetch(`${identityUrl}/v1/users?number=${encodeURIComponent(args.from)}`, { headers })
  ).json();
  const user = users.items?.[0];
  if (!user) console.log(`presence: ${args.from} is not an agent of tenant ${args.tenant}`);
  else {
    const p = await (await fetch(`${presenceUrl}/v1/presence/agents/${user.id}`, { headers })).json();
    console.log(
      `presence of ${user.name}: ${p.state}` +
        (p.breakEndsAt ? ` until ${p.breakEndsAt}, then online` : '') +
        `${p.expiresAt ? ` until ${p.expiresAt}` : ''} (${p.reason ?? 'never signed in'})`,
    );
  }
} catch (error) {
  console.log(`presence: could not read it (${error.message})`);
}
