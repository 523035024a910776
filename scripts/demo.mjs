// The demo tenant `npm start` creates on first start (and reuses after): the vendor page's seven
// prompts, a Timed Presence flow with presets 8, 24, 48 and 72 hours, a contact point, two agents.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const DEMO = {
  tenantId: process.env.DEMO_TENANT ?? 'demo',
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

/** Seeds the demo tenant through the admin APIs; returns what a newcomer needs next. */
export async function seedDemo(apps) {
  const { loadEnv, mintAdminToken, PlatformEnvSchema } = require('../dist/libs/platform/src');
  const { seedTimedPresenceTenant } = require('../dist/libs/testing/src/stack/seed-tenant.js');
  const env = loadEnv(PlatformEnvSchema);
  const token = mintAdminToken(env.AUTH_JWT_SECRET, {
    tenantId: DEMO.tenantId,
    subject: 'demo-admin',
    issuer: env.AUTH_JWT_ISSUER,
    ttlSeconds: 30 * 86400,
  });
  const url = (name) => `http://127.0.0.1:${apps.find((a) => a.name === name).port}`;
  const seeded = await seedTimedPresenceTenant(
    {
      identity: url('identity'),
      media: url('media'),
      flowRuntime: url('flow-runtime'),
      dispatch: url('dispatch'),
      presence: url('presence'),
    },
    { token, contactPoint: DEMO.contactPoint, agents: DEMO.agents, presetHours: [8, 24, 48, 72] },
  );
  return { token, seeded };
}
