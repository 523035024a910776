#!/usr/bin/env node
// `npm run admin -- <command> --tenant <id> ...`: the vendor page's admin jobs, one command each,
// through the admin APIs of the running stack with a credential minted for the tenant; and the
// platform's: `create-tenant`, `assign-number`, `release-number` and `token --platform` with a
// platform admin credential. `sms-settings` shows and changes a tenant's SMS settings (ADR 28).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { build } from './build-if-needed.mjs';
import { useInstallationAuthSecret } from './dev-defaults.mjs';

// Admin credentials of this installation are signed with its own secret (.tmp/auth-jwt-secret).
useInstallationAuthSecret();

const COMMANDS = {
  'add-user': {
    help: 'add-user --tenant <id> --name <name> --email <email> --phone <E.164> [--ext <digits>] [--description <text>] [--skills a,b] [--time-zone <IANA>]',
    options: ['name', 'email', 'phone', 'ext', 'description', 'skills', 'time-zone'],
    required: ['name', 'email', 'phone'],
  },
  'create-prompts': {
    help: "create-prompts --tenant <id> [--voice <voice>]   (the starter set: the vendor page's seven prompts, the until-a-time pair and the break's two; idempotent)",
    options: ['voice'],
    required: [],
  },
  'create-flow': {
    help: 'create-flow --tenant <id> --name <name> [--presets 8,24,48,72] [--verification caller-id|pin|pin-unless-attested] [--notify-on-expiry] [--until-time 5|6|7|8]',
    options: ['name', 'presets', 'verification', 'notify-on-expiry', 'until-time'],
    required: ['name'],
  },
  'create-mapping': {
    help: 'create-mapping --tenant <id> --name <name> --phone <E.164> --flow <flow id or name> [--description <text>]',
    options: ['name', 'phone', 'flow', 'description'],
    required: ['name', 'phone', 'flow'],
  },
  token: {
    help: 'token --tenant <id> [--ttl 1h] | token --platform [--ttl 1h]   (prints a tenant admin or platform admin credential)',
    options: ['ttl', 'platform'],
    required: [],
  },
  'create-tenant': {
    help: 'create-tenant --id <slug> --name <display name>   (sets up a tenant; with a platform credential)',
    options: ['id', 'name'],
    required: ['id', 'name'],
    platform: true,
  },
  'assign-number': {
    help: "assign-number --tenant <id> --phone <E.164>   (a number of the platform's Twilio account the tenant may then map; with a platform credential)",
    options: ['phone'],
    required: ['tenant', 'phone'],
    platform: true,
  },
  'release-number': {
    help: 'release-number --phone <E.164>   (takes a number back; refused while its tenant maps it; with a platform credential)',
    options: ['phone'],
    required: ['phone'],
    platform: true,
  },
  'sms-settings': {
    help: 'sms-settings --tenant <id> [--enable | --disable] [--reminder-minutes 1-120] [--sender <E.164> | --sender none]   (SMS around the online window; prints them, changed by the options given)',
    options: ['enable', 'disable', 'reminder-minutes', 'sender'],
    required: [],
  },
  'console-link': {
    help: 'console-link --tenant <id> [--console http://127.0.0.1:3005] [--ttl 12h]   (a sign-in link to the console)',
    options: ['console', 'ttl'],
    required: [],
  },
};
const BOOLEAN_OPTIONS = new Set(['notify-on-expiry', 'platform', 'enable', 'disable']);
const USAGE = `usage: npm run admin -- <command> [options]   (--help after a command for its options)\n${Object.values(
  COMMANDS,
)
  .map((c) => `  ${c.help}`)
  .join('\n')}`;

function fail(line, code = 1) {
  process.stderr.write(`admin: ${line}\n`);
  process.exit(code);
}

const [command, ...rest] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h') {
  console.log(USAGE);
  process.exit(command ? 0 : 2);
}
const spec = COMMANDS[command];
if (!spec) fail(`unknown command "${command}"; one of ${Object.keys(COMMANDS).join(', ')}`, 2);
let args;
try {
  args = parseArgs({
    args: rest,
    options: {
      tenant: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...Object.fromEntries(
        spec.options.map((o) => [o, { type: BOOLEAN_OPTIONS.has(o) ? 'boolean' : 'string' }]),
      ),
    },
  }).values;
} catch (error) {
  fail(`${error.message.split('\n')[0]}; usage: npm run admin -- ${spec.help}`, 2);
}
if (args.help) {
  console.log(`usage: npm run admin -- ${spec.help}`);
  process.exit(0);
}
const platformScope = spec.platform === true || args.platform === true;
for (const name of [...(platformScope ? [] : ['tenant']), ...spec.required]) {
  if (!args[name]) fail(`--${name} is required; usage: npm run admin -- ${spec.help}`, 2);
}

if (!existsSync('dist/libs/platform/src/index.js')) build();
const require = createRequire(import.meta.url);
const {
  loadEnv,
  mintAdminToken,
  mintPlatformAdminToken,
  PlatformEnvSchema,
} = require('../dist/libs/platform/src');
const env = loadEnv(PlatformEnvSchema);
// A console link signs a person in for a working day; other credentials are for one job.
const ttl = /^(\d+)([smhd])$/.exec(args.ttl ?? (command === 'console-link' ? '12h' : '1h'));
if (!ttl) fail('--ttl must look like 90s, 15m, 12h or 30d', 2);
const ttlSeconds = Number(ttl[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[ttl[2]];
let token;
try {
  token = platformScope
    ? mintPlatformAdminToken(env.AUTH_JWT_SECRET, {
        subject: 'admin-cli',
        issuer: env.AUTH_JWT_ISSUER,
        ttlSeconds,
      })
    : mintAdminToken(env.AUTH_JWT_SECRET, {
        tenantId: args.tenant,
        subject: command === 'console-link' ? 'console-link' : 'admin-cli',
        issuer: env.AUTH_JWT_ISSUER,
        ttlSeconds,
      });
} catch (error) {
  fail(error.message, 2);
}
if (command === 'token') {
  console.log(token);
  process.exit(0);
}
if (command === 'console-link') {
  const consoleUrl = args.console ?? `http://127.0.0.1:${process.env.CONSOLE_HTTP_PORT ?? 3005}`;
  if (!/^https?:\/\/[^/]+/.test(consoleUrl)) fail('--console must be an http(s) URL', 2);
  // The credential travels in the fragment: the browser never sends it to a server (or its log).
  console.log(`${consoleUrl.replace(/\/+$/, '')}/signin#credential=${token}`);
  process.exit(0);
}

const port = (app, fallback) => process.env[`${app.replace(/-/g, '_').toUpperCase()}_HTTP_PORT`] ?? fallback;
const URLS = {
  identity: `http://127.0.0.1:${port('identity', 3001)}`,
  media: `http://127.0.0.1:${port('media', 3002)}`,
  flow: `http://127.0.0.1:${port('flow-runtime', 3003)}`,
  dispatch: `http://127.0.0.1:${port('dispatch', 3000)}`,
};

/** One admin API call; an error answer becomes one readable line (code, message, bad fields). */
async function api(method, url, body) {
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    fail(
      `cannot reach ${new URL(url).origin} (${error.cause?.code ?? error.message}); is the stack running (npm start)?`,
    );
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (response.status >= 300) {
    const fields = (json?.errors ?? []).map((e) => `${e.field}: ${e.reason}`).join('; ');
    fail(`${json?.code ?? `HTTP ${response.status}`}: ${fields || json?.message || text}`);
  }
  return json;
}

switch (command) {
  case 'create-tenant': {
    const tenant = await api('POST', `${URLS.identity}/v1/tenants`, {
      id: args.id,
      displayName: args.name,
    });
    console.log(`tenant ${tenant.id}: ${tenant.displayName}`);
    break;
  }
  case 'assign-number': {
    const assigned = await api('POST', `${URLS.dispatch}/v1/contact-points`, {
      phoneNumber: args.phone,
      tenantId: args.tenant,
    });
    console.log(
      `${assigned.phoneNumber} is assigned to tenant ${assigned.tenantId} (since ${assigned.assignedAt})`,
    );
    break;
  }
  case 'release-number': {
    await api('DELETE', `${URLS.dispatch}/v1/contact-points/${encodeURIComponent(args.phone)}`);
    console.log(`${args.phone} is released`);
    break;
  }
  case 'add-user': {
    const user = await api('POST', `${URLS.identity}/v1/users`, {
      name: args.name,
      email: args.email,
      ...(args['time-zone'] ? { timeZone: args['time-zone'] } : {}),
      skills: (args.skills ?? '')
        .split(',')
        .filter(Boolean)
        .map((name) => ({ name: name.trim() })),
      extensions: [
        {
          type: 'pstn',
          number: args.phone,
          ...(args.ext ? { ext: args.ext } : {}),
          description: args.description ?? `${args.name} - mobile`,
        },
      ],
    });
    console.log(`user ${user.id}: ${user.name}, PSTN ${user.extensions.map((e) => e.number).join(', ')}`);
    break;
  }
  case 'create-prompts': {
    const result = await api(
      'POST',
      `${URLS.media}/v1/prompts/starter-set`,
      args.voice ? { voice: args.voice } : {},
    );
    for (const p of result.prompts)
      console.log(`${p.role.padEnd(22)} ${p.status.padEnd(10)} ${p.prompt.id}  ${p.prompt.name}`);
    break;
  }
  case 'create-flow': {
    // Checked before anything is created, so that a bad command changes nothing.
    const presets = (args.presets ?? '8,24,48,72').split(',').map((n) => Number(n.trim()));
    if (presets.length !== 4 || !presets.every((h) => Number.isInteger(h) && h >= 1 && h <= 99)) {
      fail('--presets must be four whole hours from 1 to 99, e.g. 8,24,48,72', 2);
    }
    if (args.verification && !['caller-id', 'pin', 'pin-unless-attested'].includes(args.verification)) {
      fail('--verification must be caller-id, pin or pin-unless-attested', 2);
    }
    if (args['until-time'] !== undefined && !['5', '6', '7', '8'].includes(args['until-time'])) {
      fail('--until-time must be the menu key 5, 6, 7 or 8', 2);
    }
    const prompts = await api('GET', `${URLS.media}/v1/prompts?limit=200`);
    const byRole = {};
    for (const p of prompts.items) if (p.role && !byRole[p.role]) byRole[p.role] = p.id;
    const missing = [
      'welcome',
      'resource-lookup-error',
      'preset-hours',
      'custom-hours',
      'invalid-input',
      'online',
      'offline',
    ].filter((role) => !byRole[role]);
    if (missing.length > 0)
      fail(`the tenant has no prompt for ${missing.join(', ')}: run create-prompts first`);
    const flow = await api('POST', `${URLS.flow}/v1/flows`, { name: args.name });
    const version = await api('POST', `${URLS.flow}/v1/flows/${flow.id}/versions`, {
      nodes: [
        { id: 'entry', kind: 'entry' },
        {
          id: 'timed-presence',
          kind: 'timed-presence',
          params: {
            prompts: byRole,
            presetHours: presets,
            ...(args.verification ? { callerVerification: args.verification } : {}),
            ...(args['notify-on-expiry'] ? { notifyOnExpiry: true } : {}),
            ...(args['until-time'] ? { untilTime: true, untilTimeKey: args['until-time'] } : {}),
          },
        },
        { id: 'exit', kind: 'exit' },
      ],
      edges: [
        { from: 'entry', to: 'timed-presence' },
        { from: 'timed-presence', to: 'exit' },
      ],
    });
    await api('POST', `${URLS.flow}/v1/flows/${flow.id}/versions/${version.version}/publish`);
    console.log(
      `flow ${flow.id}: ${flow.name}, version ${version.version} published (presets ${presets.join(', ')} h)`,
    );
    break;
  }
  case 'sms-settings': {
    // Checked before anything is asked, so that a bad command changes nothing.
    if (args.enable && args.disable) fail('--enable and --disable exclude each other', 2);
    const minutes = args['reminder-minutes'];
    if (minutes !== undefined && !(/^\d+$/.test(minutes) && Number(minutes) >= 1 && Number(minutes) <= 120)) {
      fail('--reminder-minutes must be whole minutes from 1 to 120', 2);
    }
    let settings = await api('GET', `${URLS.dispatch}/v1/sms-settings`);
    const changes = args.enable || args.disable || minutes !== undefined || args.sender !== undefined;
    if (changes) {
      // The API sets all three at once: what the command does not change is sent as it is.
      settings = await api('PUT', `${URLS.dispatch}/v1/sms-settings`, {
        enabled: args.enable ? true : args.disable ? false : settings.enabled,
        reminderMinutes: minutes !== undefined ? Number(minutes) : settings.reminderMinutes,
        senderNumber:
          args.sender === undefined ? settings.senderNumber : args.sender === 'none' ? null : args.sender,
      });
    }
    const from = settings.senderNumber ? `from ${settings.senderNumber}` : 'no sender number';
    console.log(
      `SMS ${settings.enabled ? 'on' : 'off'}: reminder ${settings.reminderMinutes} min before the end, ${from}`,
    );
    break;
  }
  case 'create-mapping': {
    let flowId = args.flow;
    const flows = await api('GET', `${URLS.flow}/v1/flows?limit=200`);
    const named = flows.items.find(
      (f) => f.id === args.flow || f.name.toLowerCase() === args.flow.toLowerCase(),
    );
    if (named) flowId = named.id;
    const mapping = await api('POST', `${URLS.dispatch}/v1/dispatch-mappings`, {
      name: args.name,
      ...(args.description ? { description: args.description } : {}),
      phoneNumber: args.phone,
      flowId,
    });
    console.log(`mapping ${mapping.id}: ${mapping.phoneNumber} -> flow ${mapping.flowId}`);
    break;
  }
}
