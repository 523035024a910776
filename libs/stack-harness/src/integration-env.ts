import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@tp/platform';
import { Client } from 'pg';

/** Where integration tests find PostgreSQL and NATS (the machine's defaults unless told). */
export const TEST_POSTGRES_URL =
  process.env.TEST_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A short random suffix, safe in database, schema, stream and subject names. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** A database of the test's own, so that suites never see each other's rows and reruns start clean. */
export async function createTestDatabase(
  label: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `tp_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${uniqueSuffix()}`;
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  return { url: url.toString(), name, drop: () => dropDatabase(url.toString()) };
}

/**
 * Set by the end-to-end tier's global setup (test/global-setup.js): a database every app has
 * migrated, so that `npm test`, which runs all tiers in one Jest run, migrates once.
 */
export const MIGRATED_TEMPLATE_VARIABLE = 'TP_TEST_MIGRATED_TEMPLATE';

/**
 * A database of the test's own, copied from the migrated template when there is one (PostgreSQL
 * copies it in milliseconds; migrating costs seconds of CPU), else empty: `migrated` says which.
 */
export async function createMigratedTestDatabase(
  label: string,
): Promise<{ url: string; name: string; drop(): Promise<void>; migrated: boolean }> {
  const template = process.env[MIGRATED_TEMPLATE_VARIABLE];
  if (!template) return { ...(await createTestDatabase(label)), migrated: false };
  const name = `tp_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${uniqueSuffix()}`;
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => dropDatabase(url.toString()), migrated: true };
}
