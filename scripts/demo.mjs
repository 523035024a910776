// The demo tenant `npm start` creates on first start (and reuses after): the vendor page's seven
// prompts, a Timed Presence flow with presets 8, 24, 48 and 72 hours, a contact point, two agents.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const DEMO = {
  tenantId: process.env.DEMO_TENANT ?? 'demo',
  displayName: process.env.DEMO_TENANT_NAME ?? 'Demo',
  contactPoint: '+15550100100',
  agents: [
    {
      name: 'Ada Lovelace',
      email: 'ada@demo.example',
      phone: '+15550100001',
      skills: ['billing', 'english'],
    },
    {
      name: 'Grace Hopper',
      email: 'grace@demo.example',
      phone: '+15550100002',
      skills: ['support', 'english'],
    },
  ],
};

/** Sets the tenant up in identity (a platform admin's job) unless it is there already. */
async function ensureTenant(identityUrl, platformToken) {
  const response = await fetch(`${identityUrl}/v1/tenants`, {
    method: 'POST',
    headers: { authorization: `Bearer ${platformToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: DEMO.tenantId, displayName: DEMO.displayName }),
  });
  if (response.status !== 201 && response.status !== 409) {
    throw new Error(`setting up tenant ${DEMO.tenantId}: HTTP ${response.status} ${await response.text()}`);
  }
}

/** Seeds the demo tenant through the admin APIs; returns what a newcomer needs next. */
export async function seedDemo(apps) {
  const {
    loadEnv,
    mintAdminToken,
    mintPlatformAdminToken,
    PlatformEnvSchema,
  } = require('../dist/libs/platform/src');
  const { seedTimedPresenceTenant } = require('../dist/libs/stack-harness/src/seed-tenant.js');
  const env = loadEnv(PlatformEnvSchema);
  const token = mintAdminToken(env.AUTH_JWT_SECRET, {
    tenantId: DEMO.tenantId,
    subject: 'demo-admin',
    issuer: env.AUTH_JWT_ISSUER,
    ttlSeconds: 30 * 86400,
  });
  const url = (name) => `http://127.0.0.1:${apps.find((a) => a.name === name).port}`;
  const platformToken = mintPlatformAdminToken(env.AUTH_JWT_SECRET, {
    subject: 'demo-seed',
    issuer: env.AUTH_JWT_ISSUER,
    ttlSeconds: 300,
  });
  await ensureTenant(url('identity'), platformToken);
  // The one-click sign-in to the console: a 12 h credential in the link's fragment, which the
  // browser keeps to itself (never sent to a server, so never in a log).
  const consoleLink = `http://127.0.0.1:${process.env.CONSOLE_HTTP_PORT ?? 3005}/signin#credential=${mintAdminToken(
    env.AUTH_JWT_SECRET,
    { tenantId: DEMO.tenantId, subject: 'console-link', issuer: env.AUTH_JWT_ISSUER, ttlSeconds: 12 * 3600 },
  )}`;
  const seeded = await seedTimedPresenceTenant(
    {
      identity: url('identity'),
      media: url('media'),
      flowRuntime: url('flow-runtime'),
      dispatch: url('dispatch'),
      presence: url('presence'),
    },
    // The contact point is on the platform's Twilio account: the seed assigns it to the tenant first.
    {
      token,
      platformToken,
      contactPoint: DEMO.contactPoint,
      agents: DEMO.agents,
      presetHours: [8, 24, 48, 72],
    },
  );
  return { token, seeded, consoleLink };
}
