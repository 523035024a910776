#!/usr/bin/env node
// `npm run token -- --tenant acme [--subject alice] [--ttl 30d]`: mints a tenant-scoped admin
// credential signed with AUTH_JWT_SECRET and prints it (use it as `Authorization: Bearer <token>`).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { build } from './build-if-needed.mjs';
import { useInstallationAuthSecret } from './dev-defaults.mjs';

// Admin credentials of this installation are signed with its own secret (.tmp/auth-jwt-secret).
useInstallationAuthSecret();

const HELP = `usage: npm run token -- --tenant <id> [--subject <who>] [--ttl <n>(s|m|h|d)]
  --tenant   the only tenant the credential may read or change (lower-case letters, digits, dashes)
  --subject  who holds it, for the audit trail (default: admin)
  --ttl      how long it is valid (default: 30d)`;

let args;
try {
  args = parseArgs({
    options: {
      tenant: { type: 'string' },
      subject: { type: 'string', default: 'admin' },
      ttl: { type: 'string', default: '30d' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  console.error(`token: ${error.message}\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
if (!args.tenant) {
  console.error(`token: --tenant is required\n${HELP}`);
  process.exit(2);
}
const ttl = /^(\d+)([smhd])$/.exec(args.ttl);
if (!ttl) {
  console.error('token: --ttl must look like 90s, 15m, 12h or 30d');
  process.exit(2);
}
const seconds = Number(ttl[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[ttl[2]];

if (!existsSync('dist/libs/platform/src/index.js')) build();
const require = createRequire(import.meta.url);
const { loadEnv, mintAdminToken, PlatformEnvSchema } = require('../dist/libs/platform/src');
try {
  const env = loadEnv(PlatformEnvSchema);
  const token = mintAdminToken(env.AUTH_JWT_SECRET, {
    tenantId: args.tenant,
    subject: args.subject,
    issuer: env.AUTH_JWT_ISSUER,
    ttlSeconds: seconds,
  });
  console.log(token);
} catch (error) {
  console.error(`token: ${error.message}`);
  process.exit(1);
}
