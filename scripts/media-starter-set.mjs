#!/usr/bin/env node
// `npm run media:starter-set -- --tenant acme [--voice Polly.Joanna] [--url http://127.0.0.1:3002]`:
// creates the starter Timed Presence prompts (the vendor page's seven, the until-a-time pair, the break's two) the tenant lacks, through the
// running media app's admin API (POST /v1/prompts/starter-set) with a credential minted here.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { build } from './build-if-needed.mjs';
import { useInstallationAuthSecret } from './dev-defaults.mjs';

// Admin credentials of this installation are signed with its own secret (.tmp/auth-jwt-secret).
useInstallationAuthSecret();

const HELP = `usage: npm run media:starter-set -- --tenant <id> [--voice <voice>] [--url <media base URL>]
  --tenant  the tenant that gets the prompts (lower-case letters, digits, dashes)
  --voice   the text-to-speech voice (default: Polly.Joanna)
  --url     where the media app listens (default: http://127.0.0.1:$MEDIA_HTTP_PORT, port 3002)`;

let args;
try {
  args = parseArgs({
    options: {
      tenant: { type: 'string' },
      voice: { type: 'string' },
      url: { type: 'string', default: `http://127.0.0.1:${process.env.MEDIA_HTTP_PORT ?? 3002}` },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  console.error(`media:starter-set: ${error.message}\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
if (!args.tenant) {
  console.error(`media:starter-set: --tenant is required\n${HELP}`);
  process.exit(2);
}

if (!existsSync('dist/libs/platform/src/index.js')) build();
const require = createRequire(import.meta.url);
const { loadEnv, mintAdminToken, PlatformEnvSchema } = require('../dist/libs/platform/src');
let token;
try {
  const env = loadEnv(PlatformEnvSchema);
  token = mintAdminToken(env.AUTH_JWT_SECRET, {
    tenantId: args.tenant,
    subject: 'media-starter-set',
    issuer: env.AUTH_JWT_ISSUER,
    ttlSeconds: 60,
  });
} catch (error) {
  console.error(`media:starter-set: ${error.message}`);
  process.exit(1);
}

const endpoint = new URL('/v1/prompts/starter-set', args.url);
let response;
try {
  response = await fetch(endpoint, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args.voice ? { voice: args.voice } : {}),
  });
} catch (error) {
  console.error(
    `media:starter-set: cannot reach the media app at ${endpoint.origin} (${error.cause?.code ?? error.message}); start it with npm start`,
  );
  process.exit(1);
}
const body = await response.json().catch(() => ({}));
if (!response.ok) {
  console.error(`media:starter-set: ${response.status} ${body.code ?? ''} ${body.message ?? ''}`.trim());
  process.exit(1);
}
for (const entry of body.prompts) {
  console.log(`${entry.status.padEnd(10)} ${entry.role.padEnd(22)} ${entry.prompt.id}  ${entry.prompt.name}`);
}
console.log(`${body.created} created for tenant ${args.tenant}`);
